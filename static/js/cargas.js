// A file over the server's limit (the input's data-tamano-maximo, in bytes) is refused in the
// page, before a byte of it is sent: the input is emptied and a Spanish message says why, so
// every other button of the form still works. The server refuses it too (413).
(function () {
  "use strict";

  var megas = function (bytes) {
    return (bytes / 1048576).toLocaleString("es-MX", { maximumFractionDigits: 1 }) + " MB";
  };

  document.querySelectorAll("input[type=file][data-tamano-maximo]").forEach(function (input) {
    var maximo = parseInt(input.getAttribute("data-tamano-maximo"), 10);
    if (!(maximo > 0)) {
      return;
    }
    var aviso = document.createElement("div");
    aviso.id = (input.id || input.name) + "_tamano";
    aviso.className = "invalid-feedback d-block aviso-tamano";
    aviso.setAttribute("role", "alert");
    aviso.hidden = true;
    input.insertAdjacentElement("afterend", aviso);
    var describe = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    input.setAttribute("aria-describedby", describe.concat(aviso.id).join(" "));

    var revisar = function () {
      var grandes = Array.prototype.filter.call(input.files || [], function (archivo) {
        return archivo.size > maximo;
      });
      if (!grandes.length) {
        aviso.hidden = true;
        aviso.textContent = "";
        input.removeAttribute("aria-invalid");
        input.classList.remove("is-invalid");
        return true;
      }
      aviso.textContent =
        "El archivo «" + grandes[0].name + "» pesa " + megas(grandes[0].size) +
        "; el máximo es " + megas(maximo) + ". No se envió: elija un archivo más pequeño.";
      aviso.hidden = false;
      input.value = "";
      input.setAttribute("aria-invalid", "true");
      input.classList.add("is-invalid");
      return false;
    };

    input.addEventListener("change", revisar);
    if (input.form) {
      input.form.addEventListener("submit", function (evento) {
        if (!revisar()) {
          evento.preventDefault();
          input.focus();
        }
      });
    }
  });
})();
