// Progressive enhancement for search: suggestions as you type (the form works without it).
// The header box becomes an ARIA 1.2 combobox with a listbox of title suggestions.
(function () {
    "use strict";

    var DELAY = 200;
    var MIN_LENGTH = 2;

    function setUp(input) {
        var url = input.getAttribute("data-suggest-url");
        if (!url || !window.fetch) {
            return;
        }
        var listId = input.id + "-suggestions";
        var list = document.createElement("ul");
        list.id = listId;
        list.className = "search-suggestions";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
        list.hidden = true;
        input.parentNode.insertBefore(list, input.nextSibling);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);

        var timer = null;
        var active = -1;
        var latest = 0;

        function options() {
            return list.querySelectorAll("[role=option]");
        }

        function close() {
            list.hidden = true;
            list.textContent = "";
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(index) {
            var items = options();
            if (!items.length) {
                return;
            }
            active = (index + items.length) % items.length;
            items.forEach(function (item, position) {
                item.setAttribute("aria-selected", position === active ? "true" : "false");
            });
            input.setAttribute("aria-activedescendant", items[active].id);
        }

        function show(suggestions) {
            list.textContent = "";
            active = -1;
            if (!suggestions.length) {
                close();
                return;
            }
            suggestions.forEach(function (suggestion, index) {
                var item = document.createElement("li");
                item.id = listId + "-" + index;
                item.setAttribute("role", "option");
                item.setAttribute("aria-selected", "false");
                item.className = "search-suggestions__option";
                item.textContent = suggestion.title;
                item.setAttribute("data-url", suggestion.url);
                item.addEventListener("mousedown", function (event) {
                    // mousedown, not click: the input must not lose the list first.
                    event.preventDefault();
                    window.location.assign(suggestion.url);
                });
                list.appendChild(item);
            });
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
        }

        function load() {
            var query = input.value.trim();
            if (query.length < MIN_LENGTH) {
                close();
                return;
            }
            var ticket = ++latest;
            fetch(url + "?q=" + encodeURIComponent(query), {
                headers: { Accept: "application/json" },
                credentials: "same-origin"
            })
                .then(function (response) {
                    return response.ok ? response.json() : { suggestions: [] };
                })
                .then(function (data) {
                    if (ticket === latest) {
                        show(data.suggestions || []);
                    }
                })
                .catch(close);
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(load, DELAY);
        });
        input.addEventListener("keydown", function (event) {
            if (list.hidden) {
                return;
            }
            if (event.key === "ArrowDown") {
                event.preventDefault();
                highlight(active + 1);
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                highlight(active - 1);
            } else if (event.key === "Escape") {
                event.preventDefault();
                close();
            } else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                window.location.assign(options()[active].getAttribute("data-url"));
            }
        });
        input.addEventListener("blur", close);
    }

    document.addEventListener("DOMContentLoaded", function () {
        var input = document.getElementById("site-search-q");
        if (input) {
            setUp(input);
        }
    });
})();
