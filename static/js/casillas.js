// A long list of checkboxes (avgm.widgets.CasillasBuscables) made searchable: a search box,
// the chosen options as chips above the list (a chip's button unchecks it) and a live count
// for screen readers. Without this file the list is plain grouped checkboxes and posts the same.
(function () {
  "use strict";

  function normalizar(texto) {
    return texto.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function cuantas(n) {
    return n === 1 ? "1 seleccionada" : n.toLocaleString("es-MX") + " seleccionadas";
  }

  function preparar(caja) {
    var herramientas = caja.querySelector("[data-herramientas]");
    var titulo = caja.querySelector("[data-titulo-elegidas]");
    var chips = caja.querySelector("[data-chips]");
    var buscar = caja.querySelector("[data-buscar]");
    var cuenta = caja.querySelector("[data-cuenta]");
    var vacio = caja.querySelector("[data-sin-resultados]");
    var casillas = Array.prototype.slice.call(caja.querySelectorAll('input[type="checkbox"]'));
    var textos = casillas.map(function (casilla) {
      return normalizar(casilla.closest(".form-check").textContent);
    });

    function pintar(anunciar) {
      chips.textContent = "";
      // By their short name (a clave), whatever group each is in.
      var elegidas = casillas.filter(function (c) { return c.checked; }).sort(function (a, b) {
        return a.getAttribute("data-corto").localeCompare(b.getAttribute("data-corto"), "es", { numeric: true });
      });
      elegidas.forEach(function (casilla) {
        var item = document.createElement("li");
        var boton = document.createElement("button");
        boton.type = "button";
        boton.className = "btn btn-sm btn-outline-primary casillas-chip";
        boton.setAttribute("data-para", casilla.id);
        // Its name starts with what it shows, then says what pressing it does.
        boton.setAttribute("aria-label", casilla.getAttribute("data-corto") + ": quitar de la selección");
        boton.appendChild(document.createTextNode(casilla.getAttribute("data-corto")));
        var cruz = document.createElement("span");
        cruz.setAttribute("aria-hidden", "true");
        cruz.className = "ms-1";
        cruz.textContent = "×";
        boton.appendChild(cruz);
        item.appendChild(boton);
        chips.appendChild(item);
      });
      titulo.textContent = elegidas.length
        ? "Seleccionadas (" + elegidas.length.toLocaleString("es-MX") + "):"
        : "Ninguna seleccionada todavía.";
      chips.hidden = elegidas.length === 0;
      if (anunciar) {
        cuenta.textContent = cuantas(elegidas.length);
      }
    }

    function filtrar() {
      var palabras = normalizar(buscar.value).split(/\s+/).filter(Boolean);
      var visibles = 0;
      casillas.forEach(function (casilla, i) {
        var coincide = palabras.every(function (p) { return textos[i].indexOf(p) !== -1; });
        casilla.closest(".form-check").hidden = !coincide;
        if (coincide) {
          visibles += 1;
        }
      });
      caja.querySelectorAll(".casillas-lista fieldset").forEach(function (grupo) {
        grupo.hidden = !grupo.querySelector(".form-check:not([hidden])");
      });
      vacio.hidden = visibles > 0;
      cuenta.textContent = palabras.length
        ? (visibles === 1 ? "1 opción coincide" : visibles.toLocaleString("es-MX") + " opciones coinciden")
        : "";
    }

    // A click sends "change"; typing given back after a lost session (edicion.js) "input".
    ["change", "input"].forEach(function (tipo) {
      caja.addEventListener(tipo, function (evento) {
        if (evento.target.type === "checkbox") {
          pintar(true);
        }
      });
    });
    chips.addEventListener("click", function (evento) {
      var boton = evento.target.closest("button[data-para]");
      if (!boton) {
        return;
      }
      var botones = Array.prototype.slice.call(chips.querySelectorAll("button"));
      var posicion = botones.indexOf(boton);
      var casilla = document.getElementById(boton.getAttribute("data-para"));
      casilla.checked = false;
      // Like a click on the box: whoever watches the form for changes hears of it.
      casilla.dispatchEvent(new Event("change", { bubbles: true }));
      // Focus stays among the chips (the next one, else the previous), else the search box.
      var quedan = chips.querySelectorAll("button");
      (quedan[Math.min(posicion, quedan.length - 1)] || buscar).focus();
    });
    // The search box is no data of the form: typing in it neither posts nor marks it changed.
    buscar.addEventListener("input", function (evento) {
      evento.stopPropagation();
      filtrar();
    });
    buscar.addEventListener("change", function (evento) {
      evento.stopPropagation();
    });
    buscar.addEventListener("keydown", function (evento) {
      if (evento.key === "Enter") {
        evento.preventDefault();  // Enter filters; it never submits the form
      } else if (evento.key === "Escape" && buscar.value) {
        buscar.value = "";
        filtrar();
      }
    });

    caja.classList.add("casillas-activas");
    herramientas.hidden = false;
    pintar(false);
  }

  document.querySelectorAll("[data-casillas-buscables]").forEach(preparar);
})();
