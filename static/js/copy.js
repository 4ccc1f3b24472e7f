// "Copy" buttons: copy the value of the field they name, and say so for screen readers too.
(function () {
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!field || !navigator.clipboard) return;
    navigator.clipboard.writeText(field.value).then(
      function () { if (status) status.textContent = "Copied."; },
      function () { field.select(); if (status) status.textContent = "Select the address and copy it."; }
    );
  });
})();
