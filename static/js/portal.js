// Behaviour the templates declare with data- attributes (no inline scripts: the CSP forbids them).
(function () {
  "use strict";

  // Tooltips on figures and labels: <span data-bs-toggle="tooltip" title="...">.
  document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
    new bootstrap.Tooltip(el);
  });

  document.addEventListener("click", function (evento) {
    // <button data-confirmar="¿Seguro?">: the action goes ahead only if the user confirms.
    var confirmar = evento.target.closest("[data-confirmar]");
    if (confirmar && !window.confirm(confirmar.getAttribute("data-confirmar"))) {
      evento.preventDefault();
      return;
    }
    // <button data-imprimir>: the browser's print dialog.
    if (evento.target.closest("[data-imprimir]")) {
      evento.preventDefault();
      window.print();
    }
  });
})();
