/* vpd: small enhancements only; every page works without this file. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	/* A form is sent once: a second click while the first is on its
	 * way would otherwise fire a step twice. */
	document.querySelectorAll("form").forEach(function (form) {
		form.addEventListener("submit", function (event) {
			var button = form.querySelector("button[type=submit]");

			if (form.dataset.verstuurd) {
				event.preventDefault();
				return;
			}
			form.dataset.verstuurd = "ja";
			if (button && !form.classList.contains("zoeken")) {
				button.dataset.tekst = button.textContent;
				window.setTimeout(function () {
					button.disabled = true;
					button.textContent = "Bezig met opslaan…";
				}, 0);
			}
		});
	});
	/* Back to a page the browser kept: its forms may be sent again. */
	window.addEventListener("pageshow", function (event) {
		if (!event.persisted) {
			return;
		}
		document.querySelectorAll("form").forEach(function (form) {
			var button = form.querySelector("button[type=submit]");

			delete form.dataset.verstuurd;
			if (button && button.dataset.tekst) {
				button.disabled = false;
				button.textContent = button.dataset.tekst;
			}
		});
	});
	/* A refused step comes back open: put the keyboard there. */
	var alert = document.querySelector(".stap details[open] .fout");
	if (alert) {
		alert.setAttribute("tabindex", "-1");
		alert.focus();
	}
});
