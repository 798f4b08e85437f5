// A stand-in Telnyx API for the fetch benchmark, run as its own process so it does not compete with
// the client being measured: PAGES pages of PAGE_SIZE clients, LATENCY_MS before every answer.
import { createServer } from 'node:http';
import { makeClients } from './generate.mjs';

const pages = Number(process.env.PAGES ?? 1000);
const size = Number(process.env.PAGE_SIZE ?? 100);
const latency = Number(process.env.LATENCY_MS ?? 20);
const clients = makeClients(pages * size, 7);
// Serialise every page once, so the server's own cost stays out of the measurement.
const bodies = Array.from({ length: pages }, (_, i) =>
  Buffer.from(JSON.stringify({ data: clients.slice(i * size, (i + 1) * size), meta: { page_number: i + 1, page_size: size, total_pages: pages, total_results: clients.length } })),
);
const empty = Buffer.from(JSON.stringify({ data: [], meta: { page_number: pages + 1, page_size: size, total_pages: pages, total_results: clients.length } }));
let requests = 0;
const server = createServer((req, res) => {
  requests++;
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const n = Number(url.searchParams.get('page[number]') ?? '1');
  setTimeout(() => {
    const body = bodies[n - 1] ?? empty;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  }, latency);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on('message', (message) => {
  if (message === 'count') process.send?.({ requests });
});
