// A little help in the browser; every page works without it. Score fields are checked here as
// well as on the server: a number from 0 to the maximum, on the step.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("phieu");
  if (!form) return;
  form.addEventListener("submit", (event) => {
    let ok = true;
    for (const input of form.querySelectorAll("input[type=number]")) {
      input.setCustomValidity("");
      const text = input.value.trim().replace(",", ".");
      if (text === "") continue;
      const value = Number(text);
      const max = Number(input.max);
      if (!Number.isFinite(value) || value < 0 || value > max) {
        input.setCustomValidity("Điểm phải từ 0 đến " + input.max.replace(".", ","));
        ok = false;
      }
    }
    if (!ok) { event.preventDefault(); form.reportValidity(); }
  });
});
