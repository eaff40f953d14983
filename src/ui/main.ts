/**
 * @module ui/main
 * Entry point of the web console (`/ui/`), bundled by esbuild into content-hashed static files.
 * Browser code lives in src/ui/, type-checked by its own tsconfig (DOM types) and kept out of
 * the Node build; it talks to the service only through its JSON routes (ui/api).
 */
import { html } from 'htm/preact';
import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './app.js';

const root = document.getElementById('app');
if (root !== null) {
  root.textContent = '';
  render(html`<${App} />`, root);
}
