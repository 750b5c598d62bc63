// The user journeys of tests/engines/journeys.mjs in WebKitGTK (Safari's engine): its MiniBrowser
// under Xvfb, through WebKitWebDriver and webdriverio.
import { defineJourneys } from './journeys.mjs';

defineJourneys('webkit');
