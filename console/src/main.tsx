/**
 * The console page (/console): mounts the app into the shell's #app. The Worker serves the shell with a
 * strict CSP (edge/routes/console.ts), so everything here is this bundle and app.css, nothing inline.
 */
import { render } from 'preact';
import { App } from './app';

const root = document.getElementById('app');
if (root) render(<App />, root);
