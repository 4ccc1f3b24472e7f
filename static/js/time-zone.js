// Preselect the browser's time zone on a fresh profile form; the person can still change it.
(function () {
  function preset() {
    const select = document.querySelector("select[data-browser-time-zone]");
    if (!select || select.dataset.preset) return;
    select.dataset.preset = "done";
    let zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return;
    }
    const isDefault = select.value === "UTC" || select.value === "";
    if (zone && isDefault && [...select.options].some((option) => option.value === zone)) {
      select.value = zone;
    }
  }
  document.addEventListener("DOMContentLoaded", preset);
  document.addEventListener("htmx:afterSettle", preset);
})();
