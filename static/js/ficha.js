// The ficha page: leaving it with unsaved changes asks first (the CSP forbids inline scripts).
// Every button of the ficha's form saves what was typed, so submitting never asks.
(function () {
  "use strict";

  document.querySelectorAll("form[data-avisar-cambios]").forEach(function (form) {
    // A re-render after an error holds typed values that are not saved yet.
    var cambios = form.hasAttribute("data-sin-guardar");
    var marcar = function () {
      cambios = true;
    };
    form.addEventListener("input", marcar);
    form.addEventListener("change", marcar);
    form.addEventListener("submit", function () {
      cambios = false;
    });
    window.addEventListener("beforeunload", function (evento) {
      if (cambios) {
        evento.preventDefault();
        evento.returnValue = "";
      }
    });
  });
})();
