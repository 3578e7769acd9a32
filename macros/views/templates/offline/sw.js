// Service worker of the training portal: read visited pages offline.
// Generated at build time; VERSION changes with the built site, so a new build
// replaces the old caches and nobody keeps reading a stale timetable.
const VERSION = {{ version|tojson }};
const CACHE = "tap-huan-" + VERSION;
const SHELL = {{ shell|tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("tap-huan-") && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

// Pages and feeds: network first, so an online reader always sees the current timetable;
// the cached copy only when the network fails. Other same-origin files (styles, scripts,
// PDFs) are versioned by the build: cache first.
function isDocument(request) {
  return request.mode === "navigate" || /\/$|\.html$|\.ics$|\.json$|\.csv$|\.xml$/.test(new URL(request.url).pathname);
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(isDocument(request) ? networkFirst(request) : cacheFirst(request));
});
