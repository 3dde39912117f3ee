// A little help in the browser; every page works without it. A score field is a text field
// (a number field drops a decimal comma in some browsers: "1,5" would be sent as 15), so this
// reads "1,5" and "1.5" alike, shows what it understood ("= 1,5 điểm") beside the field, and
// says in Vietnamese what is wrong (not a number, over the maximum, off the step) before the
// form is sent. The server checks everything again, with the same reading.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("phieu");
  if (!form) return;
  const fields = form.querySelectorAll("input.diem");
  const shown = (text) => text.replace(".", ",");
  // A decimal as an integer count of 10^-scale, exactly (no binary fractions).
  const scaled = (text, scale) => {
    const [whole, part = ""] = text.split(".");
    return BigInt(whole + part.padEnd(scale, "0"));
  };
  const decimals = (text) => (text.split(".")[1] || "").length;
  const check = (input) => {
    input.setCustomValidity("");
    const output = document.getElementById("hieu_" + input.id.slice(5));
    const raw = input.value.trim();
    if (raw === "") { if (output) output.textContent = ""; return true; }
    const match = /^([0-9]+)(?:[,.]([0-9]+))?$/.exec(raw);
    if (!match) {
      if (output) output.textContent = "";
      input.setCustomValidity("Cần một số từ 0 đến " + shown(input.dataset.max) + ", như 7,5 hoặc 7.5; gặp \"" + raw + "\"");
      return false;
    }
    const text = match[1].replace(/^0+(?=[0-9])/, "") + (match[2] && /[1-9]/.test(match[2]) ? "." + match[2].replace(/0+$/, "") : "");
    if (output) output.textContent = "= " + shown(text) + " điểm";
    const max = input.dataset.max, step = input.dataset.step;
    const scale = Math.max(decimals(text), decimals(max), step === "any" ? 0 : decimals(step));
    const value = scaled(text, scale);
    if (value > scaled(max, scale)) {
      input.setCustomValidity("Điểm " + shown(text) + " nằm ngoài 0…" + shown(max) + " (tối đa " + shown(max) + ")");
      return false;
    }
    if (step !== "any" && value % scaled(step, scale) !== 0n) {
      input.setCustomValidity("Điểm " + shown(text) + " không theo bước " + shown(step));
      return false;
    }
    return true;
  };
  for (const input of fields) {
    input.addEventListener("input", () => check(input));
    check(input);
  }
  form.addEventListener("submit", (event) => {
    let ok = true;
    for (const input of fields) ok = check(input) && ok;
    if (!ok) { event.preventDefault(); form.reportValidity(); }
  });
});
