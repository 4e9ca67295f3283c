/** Playwright's global setup when no Chromium is found (playwright.config.ts): one line, then a failed run. */
import { findChromium } from '../e2e/targets'

export default function noBrowser() {
	const browser = findChromium()
	console.error('problem' in browser ? browser.problem : 'Chromium appeared after the run began: run it again.')
	process.exit(1)
}
