// One rule for every page that edits: nothing typed is lost (the CSP forbids inline scripts).
//
// - <form data-avisar-cambios> (and the admin's change forms): leaving the page with unsaved
//   changes asks first; a submit of the form itself never asks (every button of such a form
//   saves what is on screen).
//   data-sin-guardar: the page was rendered with typed values not saved yet (an error).
// - <form data-autoguardar="URL">: while the person types, the form's fields (never files)
//   are posted to its save endpoint with autoguardado=1; the answer carries the new version,
//   so the optimistic-concurrency check still holds, and «Guardado a las HH:MM» is said.
// - Every text field with a length limit shows a counter (announced politely near the limit);
//   the limit is not enforced by cutting a paste: the server says the length instead.
// - The session: typing keeps it alive (a POST at most once a minute, never past the absolute
//   limit); a warning with «Seguir trabajando» comes before it ends idle.
// - Typing kept from an ended session (#rescate-datos) is put back into its form.
(function () {
  "use strict";

  var formato = new Intl.NumberFormat("es-MX");
  var region = document.getElementById("avisos-edicion");
  var pendientes = []; // forms with unsaved changes

  function anunciar(texto) {
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = texto;
    }, 50);
  }

  function token() {
    var campo = document.querySelector("input[name=csrfmiddlewaretoken]");
    return campo ? campo.value : "";
  }

  function publicar(url, cuerpo) {
    return fetch(url, {
      method: "POST",
      body: cuerpo,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token(), "X-Requested-With": "fetch" },
      redirect: "manual",
    });
  }

  function hora(fecha) {
    return fecha.toLocaleTimeString("es-MX", { hour: "2-digit", minute: "2-digit", hour12: false });
  }

  // --- Unsaved changes, and automatic save ---------------------------------------------

  function vigilar(form) {
    var estado = { cambios: form.hasAttribute("data-sin-guardar"), edicion: 0, enviando: false };
    form._edicion = estado;
    var marcar = function (evento) {
      if (evento && evento.target && evento.target.type === "file") {
        estado.cambios = true;
        return;
      }
      estado.cambios = true;
      estado.edicion += 1;
      programar(form);
    };
    form.addEventListener("input", marcar);
    form.addEventListener("change", marcar);
    form.addEventListener("submit", function () {
      estado.cambios = false;
      estado.enviando = true;
    });
    pendientes.push(form);
    // The live region exists before anything is said in it (else it may go unannounced).
    if (form.hasAttribute("data-autoguardar")) estadoGuardado(form);
  }

  window.addEventListener("beforeunload", function (evento) {
    var sin = pendientes.some(function (f) {
      return f._edicion.cambios && !f._edicion.enviando;
    });
    if (sin) {
      evento.preventDefault();
      evento.returnValue = "";
    }
  });
  // Back from the browser's cache after a submit: the form counts as editable again.
  window.addEventListener("pageshow", function () {
    pendientes.forEach(function (f) {
      f._edicion.enviando = false;
    });
  });

  function estadoGuardado(form) {
    var caja = form.querySelector("[data-estado-guardado]");
    if (caja) return caja;
    caja = document.createElement("p");
    caja.className = "small text-muted mb-2";
    caja.setAttribute("data-estado-guardado", "");
    caja.setAttribute("role", "status");
    var boton =
      form.querySelector("button[type=submit][value=guardar]:not(.visually-hidden)") ||
      form.querySelector("button[type=submit]:not(.visually-hidden)");
    if (boton) boton.parentNode.insertBefore(caja, boton);
    else form.appendChild(caja);
    return caja;
  }

  function programar(form) {
    var url = form.getAttribute("data-autoguardar");
    var estado = form._edicion;
    if (!url || estado.detenido) return;
    window.clearTimeout(estado.pausa);
    // 15 s after the last keystroke, or every 2 minutes while typing goes on.
    estado.pausa = window.setTimeout(function () {
      autoguardar(form);
    }, 15000);
    if (!estado.largo) {
      estado.largo = window.setTimeout(function () {
        autoguardar(form);
      }, 120000);
    }
  }

  function autoguardar(form) {
    var estado = form._edicion;
    window.clearTimeout(estado.pausa);
    window.clearTimeout(estado.largo);
    estado.largo = null;
    if (!estado.cambios || estado.enviando || estado.guardando || estado.detenido) return;
    var datos = new FormData(form);
    Array.from(datos.keys()).forEach(function (nombre) {
      if (datos.getAll(nombre).some(function (v) { return v instanceof File; })) {
        datos.delete(nombre);
      }
    });
    datos.set("autoguardado", "1");
    var edicion = estado.edicion;
    estado.guardando = true;
    var caja = estadoGuardado(form);
    publicar(form.getAttribute("data-autoguardar"), datos)
      .then(function (respuesta) {
        return respuesta
          .json()
          .catch(function () {
            return {};
          })
          .then(function (cuerpo) {
            return { estado: respuesta.status, cuerpo: cuerpo };
          });
      })
      .then(function (r) {
        estado.guardando = false;
        if (r.estado === 200 && r.cuerpo.version) {
          var version = form.querySelector("input[name=version]");
          if (version) version.value = r.cuerpo.version;
          if (estado.edicion === edicion) estado.cambios = false;
          caja.textContent = "Guardado a las " + hora(new Date()) + ".";
          sesion.tocada(r.cuerpo.sesion);
          return;
        }
        // A field to fix (400) is tried again on the next change; a page that went stale,
        // or a session that ended, is not.
        estado.detenido = r.estado !== 400;
        if (r.estado === 401) {
          caja.textContent =
            "Su sesión terminó. Lo que escribió quedó guardado: al volver a entrar lo verá de nuevo.";
          sesion.terminada();
        } else if (r.cuerpo.sesion === "renovada") {
          caja.textContent =
            "La sesión se renovó en otra pestaña: lo que escribió quedó guardado y se lo " +
            "devolvemos al recargar esta página.";
        } else {
          caja.textContent =
            (r.cuerpo.error || "No se pudo guardar automáticamente.") +
            " Lo escrito sigue en pantalla: use el botón para guardar.";
        }
      })
      .catch(function () {
        estado.guardando = false;
        caja.textContent = "Sin conexión: no se guardó automáticamente. Lo escrito sigue en pantalla.";
      });
  }

  // --- Length counters ---------------------------------------------------------------

  function contador(campo) {
    var limite = parseInt(campo.getAttribute("data-maxlength") || campo.getAttribute("maxlength"), 10);
    if (!limite || !campo.id) return;
    // A paste over the limit stays whole (the counter and the server say how much is over).
    campo.removeAttribute("maxlength");
    campo.setAttribute("data-maxlength", String(limite));
    var caja = document.createElement("div");
    caja.className = "form-text contador-caracteres";
    caja.id = campo.id + "_contador";
    campo.insertAdjacentElement("afterend", caja);
    var descrito = (campo.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    descrito.push(caja.id);
    campo.setAttribute("aria-describedby", descrito.join(" "));
    var nivel = 0;
    var contar = function () {
      var largo = campo.value.length;
      var texto = formato.format(largo) + " de " + formato.format(limite) + " caracteres";
      var ahora = largo > limite ? 2 : largo >= limite * 0.9 ? 1 : 0;
      if (ahora === 2) texto += ": sobran " + formato.format(largo - limite);
      caja.textContent = texto;
      // A one-line field (a table's comment) shows it only near the limit.
      caja.hidden = campo.tagName !== "TEXTAREA" && ahora === 0;
      caja.classList.toggle("text-danger", ahora === 2);
      caja.classList.toggle("fw-semibold", ahora === 2);
      if (ahora !== nivel) {
        var etiqueta = campo.labels && campo.labels[0] ? campo.labels[0].textContent.trim() + ": " : "";
        if (ahora === 2) anunciar(etiqueta + "el texto tiene " + formato.format(largo) + " caracteres; el máximo es " + formato.format(limite) + ".");
        else if (ahora === 1) anunciar(etiqueta + "quedan " + formato.format(limite - largo) + " caracteres.");
        else if (nivel === 2) anunciar(etiqueta + "el texto ya cabe.");
      }
      nivel = ahora;
    };
    campo.addEventListener("input", contar);
    contar();
  }

  // --- The session ----------------------------------------------------------------------

  var sesion = (function () {
    var datos = document.getElementById("sesion-avgm");
    var aviso = document.getElementById("sesion-aviso");
    var vacio = { tocada: function () {}, terminada: function () {} };
    if (!datos || !aviso) return vacio;
    var total = parseInt(datos.getAttribute("data-minutos"), 10) * 60;
    var antes = Math.min(300, total / 2); // the warning, this many seconds before the end
    var finInactividad, finMaximo;
    var ultimoToque = Date.now();
    var avisado = false, avisoMaximo = false, terminada = false, foco = null;
    var texto = aviso.querySelector("[data-sesion-texto]");
    var seguir = aviso.querySelector("[data-sesion-seguir]");
    var cerrar = aviso.querySelector("[data-sesion-cerrar]");

    function fijar(restante) {
      var ahora = Date.now();
      finInactividad = ahora + restante.inactividad * 1000;
      finMaximo = ahora + restante.maximo * 1000;
    }
    fijar({
      inactividad: parseInt(datos.getAttribute("data-inactividad"), 10),
      maximo: parseInt(datos.getAttribute("data-maximo"), 10),
    });

    function mostrar(mensaje, puedeSeguir, titulo) {
      texto.textContent = mensaje;
      aviso.querySelector("h2").textContent = titulo || "Su sesión está por terminar";
      var cambia = seguir.hidden === puedeSeguir;
      seguir.hidden = !puedeSeguir;
      cerrar.hidden = puedeSeguir;
      if (!aviso.open) {
        foco = document.activeElement;
        aviso.showModal();
        cambia = true;
      }
      if (cambia) (puedeSeguir ? seguir : cerrar).focus();
    }

    function ocultar() {
      if (aviso.open) aviso.close();
      if (foco && foco.focus) foco.focus();
    }

    function minutos(ms) {
      var m = Math.max(1, Math.ceil(ms / 60000));
      return m === 1 ? "1 minuto" : m + " minutos";
    }

    function tocar() {
      ultimoToque = Date.now();
      return publicar(datos.getAttribute("data-seguir"), new FormData())
        .then(function (respuesta) {
          if (respuesta.status === 200) {
            return respuesta.json().then(function (r) {
              fijar(r);
              avisado = false;
              return true;
            });
          }
          if (respuesta.status === 401) terminar();
          return false;
        })
        .catch(function () {
          return false;
        });
    }

    function terminar() {
      if (terminada) return;
      terminada = true;
      mostrar(
        "Su sesión terminó. Si guarda ahora, lo que escribió no se pierde: se conserva y se lo " +
          "devolvemos en esta página al volver a iniciar sesión.",
        false,
        "Su sesión terminó"
      );
    }

    function revisar() {
      if (terminada) return;
      var ahora = Date.now();
      var fin = Math.min(finInactividad, finMaximo);
      if (ahora >= fin) {
        terminar();
        return;
      }
      if (finMaximo - ahora <= antes * 1000 && finMaximo <= finInactividad) {
        if (!avisoMaximo) {
          avisoMaximo = true;
          mostrar(
            "Por seguridad la sesión se cierra a las " + hora(new Date(finMaximo)) +
              " (lleva casi el máximo de horas abierta) y no se puede extender. Guarde lo que " +
              "escribió; al volver a entrar podrá seguir.",
            false
          );
        }
        return;
      }
      if (fin - ahora <= antes * 1000) {
        avisado = true;
        mostrar(
          "Por seguridad, la sesión termina tras " + minutos(total * 1000) + " sin actividad. " +
            "Quedan " + minutos(fin - ahora) + ". ¿Sigue trabajando?",
          true
        );
      }
    }

    seguir.addEventListener("click", function () {
      tocar().then(function (sigue) {
        if (sigue) {
          ocultar();
          anunciar("Sesión extendida.");
        }
      });
    });
    cerrar.addEventListener("click", ocultar);
    aviso.addEventListener("cancel", function (evento) {
      // Escape answers «Seguir trabajando» while the session can go on.
      if (!seguir.hidden) {
        evento.preventDefault();
        seguir.click();
      }
    });
    // Typing is activity: keep the session alive, at most once a minute.
    document.addEventListener("input", function () {
      if (!terminada && Date.now() - ultimoToque >= 60000) tocar();
    });
    window.setInterval(revisar, 1000);
    revisar();
    return {
      tocada: function (restante) {
        if (restante) fijar(restante);
      },
      terminada: terminar,
    };
  })();

  // --- Typing kept from an ended session, back in its form ----------------------------

  function devolver() {
    var bloque = document.getElementById("rescate-datos");
    if (!bloque) return;
    var datos = JSON.parse(bloque.getAttribute("data-datos"));
    var nombres = Object.keys(datos);
    var mejor = null, aciertos = 0;
    document.querySelectorAll("main form").forEach(function (form) {
      var n = nombres.filter(function (nombre) {
        return form.elements.namedItem(nombre);
      }).length;
      if (n > aciertos) {
        mejor = form;
        aciertos = n;
      }
    });
    if (!mejor) return;
    Array.from(mejor.elements).forEach(function (campo) {
      if (!campo.name || !(campo.name in datos) || campo.type === "file") return;
      if (campo.name === "csrfmiddlewaretoken" || campo.type === "submit") return;
      var valores = datos[campo.name];
      if (campo.type === "checkbox" || campo.type === "radio") {
        campo.checked = valores.indexOf(campo.value) >= 0;
      } else if (campo.tagName === "SELECT") {
        Array.from(campo.options).forEach(function (opcion) {
          opcion.selected = valores.indexOf(opcion.value) >= 0;
        });
      } else {
        campo.value = valores[0];
      }
      campo.dispatchEvent(new Event("input", { bubbles: true }));
    });
    if (mejor._edicion) mejor._edicion.cambios = true;
    var banda = document.getElementById("rescate");
    if (banda) banda.focus();
  }

  // The admin's change forms (the catalogs) follow the same rule.
  document
    .querySelectorAll("form[data-avisar-cambios], body.change-form #content-main form[method=post]")
    .forEach(vigilar);
  document.querySelectorAll("main textarea, main input[type=text]").forEach(function (campo) {
    if (campo.hasAttribute("maxlength") || campo.hasAttribute("data-maxlength")) contador(campo);
  });
  devolver();
})();
