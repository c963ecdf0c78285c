// <thingstead-qr-scanner>: reads a QR code with the device's camera (getUserMedia, decoded with jsQR from npm) and
// hands its text to the server ($server.onCode). Where there is no camera, or it is refused, it says so and the
// person types the code instead.
// <thingstead-qr-code>: draws a QR code for a text (the qrcode package from npm), e.g. for a pairing label.
import jsQR from 'jsqr';
import QRCode from 'qrcode';

class ThingsteadQrScanner extends HTMLElement {
  connectedCallback() {
    if (this.video) {
      return;
    }
    this.video = document.createElement('video');
    this.video.setAttribute('playsinline', '');
    this.video.setAttribute('aria-label', 'Camera preview for scanning a QR code');
    this.video.muted = true;
    this.video.style.width = '100%';
    this.video.style.maxWidth = '360px';
    this.canvas = document.createElement('canvas');
    this.canvas.style.display = 'none';
    this.appendChild(this.video);
    this.appendChild(this.canvas);
  }

  disconnectedCallback() {
    this.stop();
  }

  static available() {
    return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  }

  async start() {
    if (!ThingsteadQrScanner.available()) {
      this.$server.onProblem('This browser cannot use a camera here; type the code instead.');
      return;
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (e) {
      this.$server.onProblem('The camera is not available (' + (e && e.name ? e.name : e) + '); type the code instead.');
      return;
    }
    this.video.srcObject = this.stream;
    await this.video.play();
    this.scanning = true;
    this.setAttribute('scanning', '');
    this.scan();
  }

  scan() {
    if (!this.scanning) {
      return;
    }
    const { videoWidth: w, videoHeight: h } = this.video;
    if (w > 0 && h > 0) {
      this.canvas.width = w;
      this.canvas.height = h;
      const context = this.canvas.getContext('2d', { willReadFrequently: true });
      context.drawImage(this.video, 0, 0, w, h);
      const image = context.getImageData(0, 0, w, h);
      const found = jsQR(image.data, w, h, { inversionAttempts: 'dontInvert' });
      if (found && found.data) {
        this.stop();
        this.$server.onCode(found.data);
        return;
      }
    }
    this.frame = requestAnimationFrame(() => this.scan());
  }

  stop() {
    this.scanning = false;
    this.removeAttribute('scanning');
    if (this.frame) {
      cancelAnimationFrame(this.frame);
    }
    if (this.stream) {
      this.stream.getTracks().forEach((track) => track.stop());
      this.stream = null;
    }
  }
}

class ThingsteadQrCode extends HTMLElement {
  static get observedAttributes() {
    return ['text'];
  }

  connectedCallback() {
    this.render();
  }

  attributeChangedCallback() {
    this.render();
  }

  async render() {
    const text = this.getAttribute('text');
    if (!text || !this.isConnected) {
      return;
    }
    const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 192 });
    this.innerHTML = svg;
    const element = this.querySelector('svg');
    if (element) {
      element.setAttribute('role', 'img');
      element.setAttribute('aria-label', this.getAttribute('label') || 'QR code');
    }
  }
}

customElements.define('thingstead-qr-scanner', ThingsteadQrScanner);
customElements.define('thingstead-qr-code', ThingsteadQrCode);
