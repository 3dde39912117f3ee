// A little help in the browser; every page works without it. The number fields carry min, max
// and step, which the browser checks itself; this also accepts a decimal comma ("12,5") and
// says what is wrong in Vietnamese. The server checks everything again.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("phieu");
  if (!form) return;
  const fields = form.querySelectorAll("input[type=number]");
  const check = (input) => {
    input.setCustomValidity("");
    const text = input.value.trim().replace(",", ".");
    if (text === "") return true;
    const value = Number(text);
    const max = Number(input.max);
    if (!Number.isFinite(value) || value < 0 || value > max) {
      input.setCustomValidity("Điểm phải từ 0 đến " + input.max.replace(".", ","));
      return false;
    }
    return true;
  };
  for (const input of fields) input.addEventListener("input", () => check(input));
  form.addEventListener("submit", (event) => {
    let ok = true;
    for (const input of fields) ok = check(input) && ok;
    if (!ok) { event.preventDefault(); form.reportValidity(); }
  });
});
