// Renders one view or partial with fixture data through the app's own Handlebars set-up, for cheerio to read:
// template tests need no database, server or browser.
import path from 'node:path';
import * as cheerio from 'cheerio';
import type Handlebars from 'handlebars';
import { createViewEngine, VIEWS_DIR } from '../../src/web/view-engine.js';

const engine = createViewEngine();

/** A page under views/pages, inside the main layout unless `layout` is false. */
export async function renderPage(
  view: string,
  context: Record<string, unknown>,
  { layout = true } = {},
): Promise<cheerio.CheerioAPI> {
  const html = await engine.renderView(path.join(VIEWS_DIR, 'pages', `${view}.hbs`), {
    ...context,
    // An empty layout name renders the view alone.
    layout: layout ? undefined : '',
  });
  return cheerio.load(html);
}

/** One partial (views/partials/<name>.hbs) with `context` as its data. */
export async function renderPartial(
  name: string,
  context: Record<string, unknown>,
): Promise<cheerio.CheerioAPI> {
  const partials = await engine.getPartials();
  const handlebars = (engine.handlebars as typeof Handlebars).create();
  handlebars.registerHelper(engine.helpers as Parameters<typeof handlebars.registerHelper>[0]);
  handlebars.registerPartial(partials as Parameters<typeof handlebars.registerPartial>[0]);
  const template = handlebars.compile(`{{> ${name}}}`, { preventIndent: true });
  return cheerio.load(template(context));
}
