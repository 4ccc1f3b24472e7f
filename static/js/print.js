// The report's Print button: the browser's own print, which the report's print stylesheet
// lays out as one A4 page. Without JavaScript the button stays hidden.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
