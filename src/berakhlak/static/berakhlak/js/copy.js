/* "Salin tautan" buttons for links an operator shares (issue 17 item 8). Without this
   script the link stays a read-only text field that can be selected and copied by hand;
   with it, each field marked data-copy gets a button beside it that copies the link
   (navigator.clipboard, or selecting the text and the browser's copy command where the
   clipboard API is not available, e.g. over plain http) and says so in the field's live
   region. The words come from the page's attributes, already translated. */
(function () {
  "use strict";
  var fields = document.querySelectorAll("input[data-copy]");
  Array.prototype.forEach.call(fields, function (field) {
    var status = document.getElementById(field.getAttribute("data-copy-status"));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary small copy-button";
    button.textContent = field.getAttribute("data-copy");
    button.setAttribute("aria-describedby", field.id);
    field.parentNode.insertBefore(button, field.nextSibling);

    function done(ok) {
      if (!status) { return; }
      status.textContent = "";
      window.setTimeout(function () {  // a new text, so that it is announced again
        status.textContent = field.getAttribute(ok ? "data-copied" : "data-copy-failed");
      }, 50);
    }

    function fallback() {
      field.focus();
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      done(ok);
    }

    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { done(true); }, fallback);
      } else {
        fallback();
      }
    });
  });
}());
