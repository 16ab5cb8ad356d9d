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
        const text = option.textContent.trim().toLowerCase();
        const code = text.split(":")[0];
        const tags = (text.match(/\((d\d+(?:, d\d+)*)\)$/) || ["", ""])[1].split(", ");
        // A duty code (d3) matches only that duty's KSBs; a KSB code (s12) only that KSB; words anywhere.
        const match = words.every((w) =>
          /^d\d+$/.test(w) ? tags.includes(w) : /^[ksb]\d+$/.test(w) ? code === w : text.includes(w));
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
