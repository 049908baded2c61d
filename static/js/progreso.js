// The progress page of a report render (templates/informes/render.html): every 2 seconds it
// asks the render's state (informes.views.render_json) and says it in the page's live region,
// instead of reloading the page (a reload makes a screen reader start the page over). When the
// file is ready it downloads by itself and its button stays on the page; a failure shows its
// reason and «Reintentar»; a finished publication goes to its version.
(function () {
  "use strict";

  var caja = document.querySelector("[data-progreso]");
  if (!caja || !window.fetch) {
    return;
  }
  var direccion = caja.getAttribute("data-progreso");
  var titulo = document.getElementById("render-titulo");
  var aviso = document.getElementById("render-aviso");
  var CADA = 2000;
  var fallos = 0;

  function mostrar(id, visible) {
    var elemento = document.getElementById(id);
    if (elemento) {
      elemento.hidden = !visible;
    }
  }

  // Returns whether the page keeps asking.
  function aplicar(estado) {
    if (estado.destino) {
      window.location.replace(estado.destino);
      return false;
    }
    mostrar("render-sin-worker", estado.en_espera && estado.sin_worker);
    if (aviso.getAttribute("data-estado") !== estado.estado) {
      // Only a change of state is written: the same words again would be announced again.
      aviso.setAttribute("data-estado", estado.estado);
      aviso.innerHTML = estado.aviso;
      aviso.className = aviso.className.replace(/\balert-(info|success|danger)\b/, "alert-" + estado.clase);
      titulo.textContent = estado.titulo;
    }
    if (estado.en_espera) {
      return true;
    }
    mostrar("render-nota", false);
    mostrar("render-reintentar", estado.reintentable);
    if (estado.archivo) {
      mostrar("render-archivo", true);
      window.location.assign(estado.descarga);
    }
    return false;
  }

  function preguntar() {
    window
      .fetch(direccion, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (respuesta) {
        if (!respuesta.ok) {
          throw new Error(respuesta.status);
        }
        return respuesta.json();
      })
      .then(function (estado) {
        fallos = 0;
        if (aplicar(estado)) {
          window.setTimeout(preguntar, CADA);
        }
      })
      .catch(function () {
        // The server or the session is gone for now: try a few more times, then let the page
        // itself answer (the login page, an error page).
        fallos += 1;
        if (fallos >= 5) {
          window.location.reload();
        } else {
          window.setTimeout(preguntar, CADA * fallos);
        }
      });
  }

  window.setTimeout(preguntar, CADA);
})();
