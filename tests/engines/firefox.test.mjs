// The user journeys of tests/engines/journeys.mjs in Firefox ESR (Debian's firefox-esr, headless,
// puppeteer-core over WebDriver BiDi).
import { defineJourneys } from './journeys.mjs';

defineJourneys('firefox');
