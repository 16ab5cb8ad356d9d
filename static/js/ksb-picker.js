// Filters a KSB picker's checkboxes by code or words, and says how many are chosen. Works without it too.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-ksb-picker]").forEach((picker) => {
    const filter = picker.querySelector("[data-ksb-filter]");
    const count = picker.querySelector("[data-ksb-count]");
    const options = [...picker.querySelectorAll("[data-ksb-option]")];
    const update = () => {
      const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      options.forEach((option) => {
        const text = option.textContent.toLowerCase();
        const code = text.trim().split(":")[0];
        const match = words.every((w) => text.includes(w) || code === w);
        option.hidden = !match;
        if (match) shown += 1;
      });
      picker.querySelectorAll("fieldset").forEach((group) => {
        group.hidden = ![...group.querySelectorAll("[data-ksb-option]")].some((o) => !o.hidden);
      });
      const chosen = picker.querySelectorAll("input[type=checkbox]:checked").length;
      count.textContent = `${chosen} chosen` + (words.length ? `; ${shown} shown of ${options.length}` : "");
    };
    filter.addEventListener("input", update);
    picker.addEventListener("change", update);
    update();
  });
});
