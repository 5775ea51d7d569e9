// Progressive enhancements for the public site. Everything works without this file.
(function () {
  "use strict";
})();
