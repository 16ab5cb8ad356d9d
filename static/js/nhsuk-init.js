// Starts the NHS.UK frontend's components (header menu, error summary focus, character counts...).
// The package is an ES module whose own example starts it from an inline script, which our
// Content-Security-Policy forbids; so this file of ours does it. The module's fingerprinted address comes
// from the data attribute base.html sets, because the manifest storage does not rewrite import paths.
const url = document.querySelector("script[data-nhsuk-frontend]").dataset.nhsukFrontend;
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
const nhsuk = await import(url);
nhsuk.initAll();
// htmx swaps in new markup (a to-do count, a report's progress): start only what it brought.
document.body.addEventListener("htmx:afterSettle", (event) => nhsuk.initAll({ scope: event.detail.elt }));
