// The emulated console viewer: opens the platform's WebSocket, lets the page run the
// platform's handshake, then draws the test pattern (tests/bmcsim/bmcsim/testpattern.h)
// on #screen, counts frames in #frames and input echoes in #echoes, and sends key
// presses and clicks as INPUT messages.
"use strict";

// Every console page shares this markup (the scripts sit at the end of <body>).
document.body.insertAdjacentHTML("beforeend", `
<main>
  <div class="stats">status: <span id="status">loading</span> — frames: <span id="frames">0</span>
    (last <span id="frameNumber">-</span>) — input echoes: <span id="echoes">0</span></div>
  <canvas id="screen" width="64" height="48" tabindex="0"></canvas>
  <div id="message"></div>
</main>`);

function bmcsimConsole(options) {
  const FRAME = 1, INPUT = 2, ECHO = 3;
  const canvas = document.getElementById("screen");
  const ctx = canvas.getContext("2d");
  const status = (text) => { document.getElementById("status").textContent = text; };
  let frames = 0, echoes = 0;
  let ready = !options.handshake;

  status("connecting to " + options.url);
  const ws = new WebSocket(options.url, options.protocols || []);
  ws.binaryType = "arraybuffer";

  const draw = (bytes) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const width = view.getUint16(5, true), height = view.getUint16(7, true);
    if (bytes.length !== 9 + width * height * 3) return;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const image = ctx.createImageData(width, height);
    for (let i = 0, j = 9; i < width * height * 4; i += 4, j += 3) {
      image.data[i] = bytes[j];
      image.data[i + 1] = bytes[j + 1];
      image.data[i + 2] = bytes[j + 2];
      image.data[i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
    frames += 1;
    document.getElementById("frames").textContent = String(frames);
    document.getElementById("frameNumber").textContent = String(view.getUint32(1, true));
  };

  ws.onopen = () => status(ready ? "streaming" : "handshake");
  ws.onmessage = (event) => {
    if (typeof event.data === "string") return;
    const bytes = new Uint8Array(event.data);
    if (!ready) {
      ready = options.handshake(ws, bytes);
      if (ready) status("streaming");
      return;
    }
    if (bytes[0] === FRAME) draw(bytes);
    else if (bytes[0] === ECHO) {
      echoes += 1;
      document.getElementById("echoes").textContent = String(echoes);
    }
  };
  ws.onclose = (event) => status("closed " + event.code + (event.reason ? " " + event.reason : ""));

  const send = (payload) => {
    if (!ready || ws.readyState !== WebSocket.OPEN) return;
    ws.send(new Uint8Array([INPUT, ...payload]));
  };
  document.addEventListener("keydown", (event) => send(new TextEncoder().encode("K" + event.key)));
  canvas.addEventListener("click", (event) => {
    const x = Math.floor(event.offsetX * canvas.width / canvas.clientWidth);
    const y = Math.floor(event.offsetY * canvas.height / canvas.clientHeight);
    send([0x50, x & 0xff, y & 0xff]);
  });
  return ws;
}

// Bytes of an ASCII string, zero-padded (or cut) to `length`.
function bmcsimAscii(text, length) {
  const out = new Uint8Array(length);
  for (let i = 0; i < Math.min(text.length, length); i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
