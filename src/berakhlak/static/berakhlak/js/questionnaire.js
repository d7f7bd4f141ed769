/* The questionnaire works without this script; with it, a pick page gets a live counter,
   search within the list, the pick order kept as the rank (shown on a badge and read out
   with each picked item's name), an 11th pick refused with a message that is announced
   every time, and the picks of an unfinished page restored after a reload. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var form = document.querySelector("form[data-picks]");
  if (!form) { return; }
  var limit = parseInt(form.getAttribute("data-picks"), 10);
  var storeKey = "bk-picks:" + form.getAttribute("data-store");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name=item]"));
  var orderInput = form.querySelector("input[name=order]");
  var counter = document.getElementById("pick-counter");
  var message = document.getElementById("pick-message");
  var search = document.getElementById("pick-search");
  var template = counter.getAttribute("data-template");
  var fullText = message.getAttribute("data-full");
  var rankName = form.getAttribute("data-rank-name");
  var order = [];
  var announcing = null;
  var refusals = 0;

  function byCode(code) {
    for (var i = 0; i < boxes.length; i++) { if (boxes[i].value === code) { return boxes[i]; } }
    return null;
  }

  function render() {
    boxes.forEach(function (box) {
      var at = order.indexOf(box.value);
      box.parentNode.querySelector(".rank").textContent = at >= 0 ? String(at + 1) : "";
      box.parentNode.querySelector(".rank-name").textContent =
        at >= 0 ? rankName.replace("%(n)s", String(at + 1)) : "";
    });
    counter.textContent = template.replace("%(n)s", order.length).replace("%(total)s", limit);
    counter.classList.toggle("full", order.length === limit);
    orderInput.value = order.join(",");
    try { sessionStorage.setItem(storeKey, order.join(",")); } catch (e) { /* private mode */ }
  }

  function restore() {
    var ranked = boxes.filter(function (b) { return b.checked; }).sort(function (a, b) {
      return (parseInt(a.getAttribute("data-rank"), 10) || 99) - (parseInt(b.getAttribute("data-rank"), 10) || 99);
    }).map(function (b) { return b.value; });
    if (ranked.length === 0) {
      var saved = null;
      try { saved = sessionStorage.getItem(storeKey); } catch (e) { saved = null; }
      if (saved) {
        ranked = saved.split(",").filter(function (code) { return byCode(code) !== null; }).slice(0, limit);
        ranked.forEach(function (code) { byCode(code).checked = true; });
      }
    }
    order = ranked;
  }

  /* A status message is read out when its text is added. Empty it first and write it a
     moment later, and end every other message with a no-break space: screen readers skip
     a message that repeats the last one word for word (Orca does), and a second refusal
     must be heard like the first. */
  function announce(text) {
    window.clearTimeout(announcing);
    message.textContent = "";
    refusals += 1;
    var said = refusals % 2 ? text : text + "\u00a0";
    announcing = window.setTimeout(function () { message.textContent = said; }, 150);
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      window.clearTimeout(announcing);
      message.textContent = "";
      if (box.checked) {
        if (order.length >= limit) {
          box.checked = false;
          announce(fullText);
          return;
        }
        order.push(box.value);
      } else {
        order = order.filter(function (code) { return code !== box.value; });
      }
      render();
    });
  });

  if (search) {
    search.addEventListener("input", function () {
      var needle = search.value.trim().toLowerCase();
      boxes.forEach(function (box) {
        var item = box.closest("li");
        var text = item.textContent.toLowerCase();
        item.hidden = needle !== "" && text.indexOf(needle) < 0 && !box.checked;
      });
    });
  }

  form.addEventListener("submit", function () {
    orderInput.value = order.join(",");
    try { sessionStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
  });

  restore();
  render();
})();
