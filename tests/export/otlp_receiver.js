// otlp_receiver.js: a real OTLP receiver on 127.0.0.1 for rn-export's tests
// and benchmark. Every request is decoded with the upstream decoder of
// @opentelemetry/otlp-transformer@0.216.0 (protobuf) or JSON.parse
// (http/json), and summarised as one NDJSON line in --out. Answers follow
// --script (a JSON list of actions, one per request, then 200s):
//   {"status":429,"retryAfter":"1"}  {"status":413,"maxSpans":N}
//   {"status":200,"partial":3}  {"delayMs":3000}  {"destroy":true}
//   {"grpcCode":14}  (with --grpc: a gRPC status instead of HTTP)
//   {"status":503,"retryAfterIn":2}  (Retry-After: the HTTP date 2 s ahead)
// Each line has the request's arrival time (at, ms since the epoch) and, for
// retryAfterIn, the date sent (retryAt, ms).
// Usage: node otlp_receiver.js --port-file F --out F [--grpc] [--script JSON]
//        [--default JSON] [--port N] [--save-body F] [--max-seconds N] [--discard]
// --default is the action after the script (default {"status":200}).
// --tls-cert PEM --tls-key PEM: serve HTTPS (HTTP/1.1) or gRPC over TLS (h2 by ALPN).
// It stops by itself after --max-seconds (default 60) or when --stop-file
// appears. --discard decodes but records only counts (benchmark).
'use strict';
const fs = require('fs');
const http = require('http');
const zlib = require('zlib');
const path = require('path');
const root = require(path.join(__dirname,
  'node_modules/@opentelemetry/otlp-transformer/build/src/generated/root'));
const pb = root.opentelemetry.proto.collector.trace.v1;
const Req = pb.ExportTraceServiceRequest;
const Resp = pb.ExportTraceServiceResponse;

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--grpc' || a === '--discard') args[a.slice(2)] = true;
  else args[a.slice(2)] = process.argv[++i];
}
const script = args.script ? JSON.parse(args.script) : [];
const dflt = args.default ? JSON.parse(args.default) : {};
const maxSeconds = Number(args['max-seconds'] || 60);
const out = args.out ? fs.openSync(args.out, 'a') : null;
let nreq = 0, nspans = 0;

function hex(b64) { return Buffer.from(b64 || '', 'base64').toString('hex'); }
function anyValue(v) {
  if (!v) return null;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('boolValue' in v) return v.boolValue;
  if ('doubleValue' in v) return v.doubleValue;
  return JSON.stringify(v);
}
function attrs(list) {
  const o = {};
  for (const kv of list || []) o[kv.key] = anyValue(kv.value);
  return o;
}
// Normalises a decoded request (proto object or OTLP JSON) to a summary.
function summarise(obj, json) {
  const id = json ? (x) => (x || '') : hex;
  const res = [];
  for (const rs of obj.resourceSpans || []) {
    const spans = [];
    for (const ss of rs.scopeSpans || []) {
      for (const s of ss.spans || []) {
        spans.push({
          traceId: id(s.traceId), spanId: id(s.spanId), parentSpanId: id(s.parentSpanId),
          name: s.name, kind: s.kind, start: String(s.startTimeUnixNano),
          end: String(s.endTimeUnixNano), attributes: attrs(s.attributes),
          status: s.status ? { code: s.status.code || 0, message: s.status.message || '' } : null,
          events: (s.events || []).map((e) => ({ name: e.name, time: String(e.timeUnixNano),
            attributes: attrs(e.attributes) })),
          scope: ss.scope ? ss.scope.name : null,
        });
      }
    }
    res.push({ resource: attrs(rs.resource && rs.resource.attributes), spans });
  }
  return res;
}
function decodeProto(buf) {
  const m = Req.decode(buf);
  return Req.toObject(m, { longs: String, enums: Number, bytes: String, defaults: false });
}
function record(line) {
  if (out) fs.writeSync(out, JSON.stringify(line) + '\n');
}
function countSpans(sum) {
  let n = 0;
  for (const r of sum) n += r.spans.length;
  return n;
}
function handle(body, json, headers) {
  const i = nreq++;
  const at = Date.now();
  let act = script[i] || dflt;
  let retryAt = null;
  if (act.retryAfterIn) { // an HTTP date N s ahead of this request (whole seconds)
    retryAt = Math.floor((at + act.retryAfterIn * 1000) / 1000) * 1000;
    act = Object.assign({}, act, { retryAfter: new Date(retryAt).toUTCString() });
  }
  if (args['save-body'] && i === 0) fs.writeFileSync(args['save-body'], body);
  let sum = null, err = null;
  try {
    sum = summarise(json ? JSON.parse(body.toString('utf8')) : decodeProto(body), json);
  } catch (e) { err = String(e); }
  const n = sum ? countSpans(sum) : 0;
  nspans += n;
  let status = act.status || 200;
  if (act.maxSpans !== undefined) status = n > act.maxSpans ? 413 : 200;
  if (act.destroy) status = 0;
  const line = { req: i, status, grpcCode: act.grpcCode || 0, nspans: n, error: err,
    contentType: headers['content-type'], encoding: headers['content-encoding'] ||
      headers['grpc-encoding'] || null, te: headers.te || null, ua: headers['user-agent'],
    custom: headers['x-test'] || null, at, retryAt };
  if (!args.discard) line.batches = sum;
  record(line);
  return { act, status, n, err };
}

function respondHttp(req, res, body) {
  const json = (req.headers['content-type'] || '').includes('json');
  const h = handle(body, json, req.headers);
  const act = h.act;
  const send = () => {
    if (act.destroy) { req.socket.destroy(); return; }
    const hdr = { 'Content-Type': json ? 'application/json' : 'application/x-protobuf' };
    if (act.retryAfter) hdr['Retry-After'] = act.retryAfter;
    let status = h.err ? 400 : h.status;
    let payload = Buffer.alloc(0);
    if (status === 200 && act.partial) {
      const r = { partialSuccess: { rejectedSpans: act.partial, errorMessage: 'rejected by test' } };
      payload = json ? Buffer.from(JSON.stringify({ partialSuccess: { rejectedSpans: String(act.partial),
        errorMessage: 'rejected by test' } })) : Buffer.from(Resp.encode(Resp.fromObject(r)).finish());
    } else if (status === 200 && json) {
      payload = Buffer.from('{}');
    }
    res.writeHead(status, hdr);
    res.end(payload);
  };
  if (act.delayMs) setTimeout(send, act.delayMs); else send();
}

function startHttp(done) {
  const tls = args['tls-cert'] ? { cert: fs.readFileSync(args['tls-cert']),
    key: fs.readFileSync(args['tls-key']) } : null;
  const create = tls ? (h) => require('https').createServer(tls, h) : (h) => http.createServer(h);
  const srv = create((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404); res.end(); return;
      }
      if (req.headers['content-encoding'] === 'gzip') {
        try { body = zlib.gunzipSync(body); } catch (e) { res.writeHead(400); res.end(); return; }
      }
      respondHttp(req, res, body);
    });
  });
  srv.keepAliveTimeout = 30000;
  srv.listen(Number(args.port || 0), '127.0.0.1', () => done(srv, srv.address().port));
}

function startGrpc(done) {
  const grpc = require(path.join(__dirname, 'node_modules/@grpc/grpc-js'));
  const service = {
    Export: {
      path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      requestStream: false, responseStream: false,
      requestSerialize: (x) => x, requestDeserialize: (b) => b,
      responseSerialize: (o) => Buffer.from(Resp.encode(Resp.fromObject(o)).finish()),
      responseDeserialize: (b) => Resp.decode(b),
    },
  };
  const srv = new grpc.Server({ 'grpc.max_receive_message_length': 64 << 20 });
  srv.addService(service, {
    Export: (call, cb) => {
      const md = call.metadata.getMap();
      const h = handle(call.request, false, { 'content-type': 'application/grpc',
        'grpc-encoding': md['grpc-encoding'] || null, te: 'trailers', 'x-test': md['x-test'],
        'user-agent': md['user-agent'] });
      const act = h.act;
      const reply = () => {
        if (act.grpcCode) cb({ code: act.grpcCode, details: 'test says ' + act.grpcCode });
        else if (h.err) cb({ code: 3, details: h.err });
        else cb(null, act.partial ? { partialSuccess: { rejectedSpans: act.partial,
          errorMessage: 'rejected by test' } } : {});
      };
      if (act.delayMs) setTimeout(reply, act.delayMs); else reply();
    },
  });
  const creds = args['tls-cert'] ? grpc.ServerCredentials.createSsl(null, [{
    cert_chain: fs.readFileSync(args['tls-cert']), private_key: fs.readFileSync(args['tls-key']) }])
    : grpc.ServerCredentials.createInsecure();
  srv.bindAsync('127.0.0.1:0', creds, (err, port) => {
    if (err) throw err;
    done(srv, port);
  });
}

// --decode-dir DIR: decode the request bodies another server saved
// (req-N.bin, in order) and summarise them the same way, then exit.
if (args['decode-dir']) {
  const files = fs.readdirSync(args['decode-dir']).filter((f) => /^req-\d+\.bin$/.test(f))
    .sort((a, b) => Number(a.slice(4, -4)) - Number(b.slice(4, -4)));
  for (const f of files) handle(fs.readFileSync(path.join(args['decode-dir'], f)), false, {});
  process.exit(0);
}

const start = args.grpc ? startGrpc : startHttp;
start((srv, port) => {
  fs.writeFileSync(args['port-file'] + '.tmp', String(port));
  fs.renameSync(args['port-file'] + '.tmp', args['port-file']);
  const t0 = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - t0 > maxSeconds * 1000 || (args['stop-file'] && fs.existsSync(args['stop-file']))) {
      clearInterval(timer);
      if (args.stats) fs.writeFileSync(args.stats, JSON.stringify({ requests: nreq, spans: nspans }));
      process.exit(0);
    }
  }, 50);
});
