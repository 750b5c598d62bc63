// The example article's script: mounts the relation map with the JavaScript API and follows
// its selection; loading embed.js also defines the <event-lens> element used further down.
import { mount } from './embed.js';

const map = await mount(document.getElementById('lens-map'), { src: 'sample.json', route: '#/graph' });
const caption = document.getElementById('lens-selection');
map.on('select', (selection) => {
  caption.textContent = selection === null
    ? 'Select an event on the map.'
    : selection.type === 'event'
      ? `Selected event: ${selection.id}`
      : `Selected relation: ${selection.source} → ${selection.target}`;
});
// For the tests and for readers' consoles.
window.exampleLens = map;
