/** Jest global setup of the browser layer: Chromium, and n8n 2.41.1 and 2.8.4 in the cache. */
import { installBrowserTools } from '../../scripts/lib/browser/install.cts';

export default function installBrowserLayer(): void {
	// The node-panel search cases run on both pinned versions.
	installBrowserTools(['new', 'old']);
}
