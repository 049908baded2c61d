// Wide tables scroll inside their own box (.table-responsive) on a narrow screen. Where a box
// does scroll, it takes the keyboard focus (the arrow keys scroll it) and is a region named
// after its table's caption or the heading before it, so a screen reader says what it holds;
// where it does not scroll, it is no tab stop. Without JavaScript the templates' own
// tabindex="0" keeps every box reachable.
(function () {
  "use strict";

  function nombre(caja) {
    var titulo = caja.querySelector("caption");
    for (var nodo = caja; !titulo && nodo && nodo !== document.body; nodo = nodo.parentElement) {
      for (var hermano = nodo.previousElementSibling; hermano; hermano = hermano.previousElementSibling) {
        if (/^H[1-6]$/.test(hermano.tagName)) {
          titulo = hermano;
          break;
        }
        var dentro = hermano.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (dentro.length) {
          titulo = dentro[dentro.length - 1];
          break;
        }
      }
    }
    return titulo ? titulo.textContent.replace(/\s+/g, " ").trim() : "Tabla";
  }

  // The report's figure tables come from templates the PDF shares, which carry no data-label:
  // each cell gets its column's name here from the header row, and the table reflows into
  // cards on a phone like the portal's other tables (static/css/tablas.css).
  function apilarCifras() {
    document.querySelectorAll(".informe table.tabla-cifras").forEach(function (tabla) {
      var encabezado = tabla.tHead ? tabla.tHead.rows : [];
      if (encabezado.length !== 1) {
        return;
      }
      var nombres = [];
      for (var i = 0; i < encabezado[0].cells.length; i++) {
        var celda = encabezado[0].cells[i];
        if (celda.colSpan !== 1) {
          return; // grouped headers: the table keeps scrolling in its box
        }
        nombres.push(celda.textContent.replace(/\s+/g, " ").trim());
      }
      Array.prototype.forEach.call(tabla.tBodies, function (cuerpo) {
        Array.prototype.forEach.call(cuerpo.rows, function (fila) {
          var columna = 0;
          Array.prototype.forEach.call(fila.cells, function (dato) {
            if (dato.tagName === "TD" && dato.colSpan === 1 && nombres[columna] && !dato.hasAttribute("data-label")) {
              dato.setAttribute("data-label", nombres[columna]);
            }
            columna += dato.colSpan;
          });
        });
      });
      tabla.classList.add("tabla-apilada");
    });
  }

  function marcar() {
    document.querySelectorAll(".table-responsive").forEach(function (caja) {
      if (caja.scrollWidth > caja.clientWidth + 1) {
        caja.setAttribute("tabindex", "0");
        if (!caja.hasAttribute("role")) {
          caja.setAttribute("role", "region");
          caja.setAttribute("data-region-propia", "");
        }
        if (!caja.hasAttribute("aria-label") && !caja.hasAttribute("aria-labelledby")) {
          caja.setAttribute("aria-label", nombre(caja));
          caja.setAttribute("data-nombre-propio", "");
        }
      } else {
        caja.removeAttribute("tabindex");
        if (caja.hasAttribute("data-region-propia")) {
          caja.removeAttribute("role");
          caja.removeAttribute("data-region-propia");
        }
        if (caja.hasAttribute("data-nombre-propio")) {
          caja.removeAttribute("aria-label");
          caja.removeAttribute("data-nombre-propio");
        }
      }
    });
  }

  var pendiente = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pendiente);
    pendiente = window.setTimeout(marcar, 150);
  });
  apilarCifras();
  marcar();
})();
