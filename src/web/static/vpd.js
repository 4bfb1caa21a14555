/* vpd: small enhancements only; every page works without this file. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	/* A form is sent once: a second click while the first is on its
	 * way would otherwise fire a step twice. */
	document.querySelectorAll("form").forEach(function (form) {
		form.addEventListener("submit", function () {
			var button = form.querySelector("button[type=submit]");

			if (form.dataset.verstuurd) {
				return;
			}
			form.dataset.verstuurd = "ja";
			if (button && !form.classList.contains("zoeken")) {
				window.setTimeout(function () {
					button.disabled = true;
					button.textContent = "Bezig met opslaan…";
				}, 0);
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
