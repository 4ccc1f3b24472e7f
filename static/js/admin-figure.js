// The exercise admin's figure preview: draws the poses being typed, through the admin's own
// preview address (routines/admin.py). Nothing is saved until the form is.
document.addEventListener("DOMContentLoaded", () => {
  const preview = document.querySelector(".figure-preview");
  const poses = document.getElementById("id_poses");
  if (!preview || !poses) return;
  const live = preview.querySelector(".figure-live");
  const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  let waiting;

  async function draw() {
    const body = new FormData();
    body.append("poses", poses.value);
    const response = await fetch(preview.dataset.previewUrl, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    });
    live.innerHTML = await response.text();
  }

  poses.addEventListener("input", () => {
    clearTimeout(waiting);
    waiting = setTimeout(draw, 400);
  });
});
