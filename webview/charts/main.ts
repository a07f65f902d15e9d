import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import './style.css';
import { createApi } from '../shared/api';
import { ChartsApp } from './app';
import type { UiState } from './controls';
import { mountCustomPlots } from './custom/mount';

const root = document.getElementById('root') ?? document.body;
const api = mountCustomPlots(createApi<UiState>(), root);
const app = new ChartsApp(api, root);
// Exposed for the webview test tier and the benchmark (same bundle as in VS Code).
(window as unknown as { runlensCharts: ChartsApp }).runlensCharts = app;
