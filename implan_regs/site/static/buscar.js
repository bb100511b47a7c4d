// The portal's search page: Pagefind's index (built over the articles in force) searched in the
// browser. Results link to the article inside the text in force (its eId anchor).
const script = document.querySelector("script[data-pagefind]");  // module scripts have no currentScript
const bundle = script.dataset.pagefind;
const form = document.getElementById("buscar");
const input = document.getElementById("q");
const status = document.getElementById("estado");
const list = document.getElementById("resultados");
let pagefind = null;

async function engine() {
  if (!pagefind) {
    pagefind = await import(bundle);
    await pagefind.options({ excerptLength: 30 });
  }
  return pagefind;
}

function item(data) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.meta.destino || data.url;
  link.textContent = data.meta.title || data.url;
  link.className = "strong";
  const work = document.createElement("div");
  work.className = "small muted";
  work.textContent = data.meta.obra || "";
  const excerpt = document.createElement("p");
  excerpt.innerHTML = data.excerpt;  // Pagefind escapes the text; only its <mark> tags are markup
  li.append(link, work, excerpt);
  return li;
}

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = "Buscando…";
  let found;
  try {
    found = await (await engine()).search(query);
  } catch (error) {
    status.textContent = "La búsqueda no está disponible en este sitio (se generó sin índice de búsqueda).";
    return;
  }
  const shown = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
  list.replaceChildren(...shown.map(item));
  const n = found.results.length;
  status.textContent = n === 0 ? `Sin resultados para «${query}».`
    : `${n} ${n === 1 ? "artículo" : "artículos"} para «${query}»` + (n > shown.length ? ` (se muestran ${shown.length}).` : ".");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", `?q=${encodeURIComponent(query)}`);
  run(query);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
