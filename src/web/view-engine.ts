// The Handlebars set-up every page is rendered with, in one place: the app serves through it and the template
// tests render single views and partials through the same helpers and partials.
import path from 'node:path';
import { create, type ExpressHandlebars } from 'express-handlebars';
import { projectRoot } from '../config.js';
import { helpers } from './handlebars-helpers.js';

export const VIEWS_DIR = path.join(projectRoot, 'views');

export function createViewEngine(): ExpressHandlebars {
  return create({
    extname: '.hbs',
    defaultLayout: 'main',
    helpers,
    layoutsDir: path.join(VIEWS_DIR, 'layouts'),
    partialsDir: path.join(VIEWS_DIR, 'partials'),
    // Indenting a partial's lines would also indent text inside a <textarea>, changing what was typed.
    compilerOptions: { preventIndent: true },
  });
}
