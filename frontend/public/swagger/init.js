// Starts Swagger UI on the backend's API reference page (/api/docs). An external file,
// not an inline script, so the page works under a CSP without 'unsafe-inline'.
(function () {
  function start() {
    var meta = document.querySelector('meta[name="openapi-url"]');
    window.ui = SwaggerUIBundle({
      url: meta ? meta.content : '/api/openapi.json',
      dom_id: '#swagger-ui',
      deepLinking: true,
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
