/**
 * The inline grade panel beside the grid: the selected cell's full output, the messages that
 * were sent, each grader's verdict and reason, tokens and cost, timings, and the manual grade
 * control. Everything the model or a grader wrote is bound as text, never as HTML.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { CellDetailView, CellView, GradeView, SampleView, SentMessageView, SentRequestView } from '../../../src/shared/protocol';
import { UNKNOWN, formatCallCost, formatCount, formatDiscount, formatLatency, formatScore } from '../format';
import type { EmptyCell } from '../results-model';
import { gradeBadges } from './grade-badges';
import { clearGradeEvent, closePanelEvent, saveGradeEvent } from './grade-events';
import { draftFrom, parseDraft, type ManualGradeDraft, type Verdict } from './manual-grade-form';

export interface GradePanelInput {
  /** Undefined for a cell that has not run yet. */
  cell: CellView | undefined;
  /** Null while the host has not answered yet. */
  detail: CellDetailView | null;
  modelLabel: string;
  rowIndex: number;
  /** What a cell without a result is (see `ResultsModel.emptyCell`). */
  empty: EmptyCell;
}

const valueOf = (event: Event): string => (event.target as HTMLInputElement).value;

function section(title: string, body: TemplateResult | typeof nothing, testId: string): TemplateResult {
  return html`<section class="panel-section" data-testid=${testId}>
    <h3>${title}</h3>
    ${body}
  </section>`;
}

function graderRow(grade: GradeView): TemplateResult {
  const verdict = grade.state === 'ungraded' ? 'ungraded' : grade.pass === null ? 'score only' : grade.pass ? 'pass' : 'fail';
  const tone = grade.state === 'ungraded' || grade.pass === null ? 'badge-muted' : grade.pass ? 'badge-pass' : 'badge-fail';
  return html`<div class="grader">
    <div class="grader-head">
      <span class="grader-name" title=${grade.grader}>${grade.grader}</span>
      <span class="badge ${tone}">${verdict}</span>
      <span class="muted">score ${formatScore(grade.score)} · ${formatCallCost(grade.costUsd, true)}</span>
    </div>
    <div class="grader-reason text-block">${grade.reason || UNKNOWN}</div>
  </div>`;
}

/** One `refinery.repeat` sample: its verdict, score, latency and cost, and its output as text. */
function sampleRow(sample: SampleView, index: number): TemplateResult {
  const failed = sample.error !== null;
  // No verdict with graders is ungraded (not passed), even when one grader gave a score.
  const verdict = failed ? 'errored' : sample.gradePass === null ? (sample.grades.length > 0 ? 'ungraded' : 'not checked') : sample.gradePass ? 'pass' : 'fail';
  const tone = failed ? 'badge-error' : sample.gradePass === null ? 'badge-muted' : sample.gradePass ? 'badge-pass' : 'badge-fail';
  const reasons = sample.grades.map((g) => `${g.grader}: ${g.reason}`).join('\n');
  return html`<div class="grader" data-testid="sample">
    <div class="grader-head">
      <span class="grader-name">Sample ${index + 1}</span>
      <span class="badge ${tone}" title=${reasons}>${verdict}</span>
      <span class="muted">score ${formatScore(sample.gradeScore)} · ${formatLatency(sample.latencyMs)} · ${formatCallCost(sample.costUsd, !failed && sample.tokensIn !== null)}</span>
    </div>
    <pre class="text-block ${failed ? 'cell-error' : ''}" data-testid="sample-output">${failed ? sample.error : sample.output ?? ''}</pre>
  </div>`;
}

/** One message as sent: its role, its text exactly (whitespace included), its images described. */
function sentMessage(message: SentMessageView): TemplateResult {
  return html`<div class="message message-${message.role}" data-testid="sent-message">
    <div class="message-role">${message.role}</div>
    ${message.parts.map((part) =>
      part.type === 'text'
        ? html`<pre class="text-block" data-testid="sent-text">${part.text}</pre>`
        : html`<div class="message-image muted" data-testid="sent-image"><span class="codicon codicon-file-media"></span> ${part.description}</div>`,
    )}
  </div>`;
}

function requestSection(request: SentRequestView | null): TemplateResult {
  if (!request) return html`<div class="muted">Not recorded: nothing was sent for this cell, or it ran before Refinery kept requests.</div>`;
  const params = Object.entries(request.params);
  return html`${request.messages.map(sentMessage)}
    ${params.length > 0 ? html`<div class="request-params" data-testid="sent-params">${keyValues(params)}</div>` : nothing}`;
}

/** The model call's cost, `$0.00015 (batch −50 %)` when it came back from a batch. */
function modelCost(detail: CellDetailView, answered: boolean): string {
  const cost = formatCallCost(detail.modelCostUsd, answered);
  return detail.modelBatchDiscount === undefined ? cost : `${cost} (batch ${formatDiscount(detail.modelBatchDiscount)})`;
}

function keyValues(pairs: ReadonlyArray<[string, string]>): TemplateResult {
  return html`<dl class="kv">${pairs.map(([key, value]) => html`<dt>${key}</dt><dd>${value}</dd>`)}</dl>`;
}

export class GradePanel extends LitElement {
  private input: GradePanelInput | null = null;
  private draft: ManualGradeDraft = draftFrom(null, null, null);
  /** The cell and detail revision the draft was loaded from: a user's unsaved edits survive live updates. */
  private draftSource: { cellId: string; detail: CellDetailView | null } | null = null;
  private dirty = false;
  private formError: string | null = null;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  set data(input: GradePanelInput) {
    this.input = input;
    const cellId = input.cell?.id ?? null;
    const sameCell = this.draftSource?.cellId === cellId;
    if (cellId && (!sameCell || (!this.dirty && this.draftSource?.detail !== input.detail))) {
      const cell = input.detail?.cell ?? input.cell;
      this.draft = draftFrom(cell?.manualPass ?? null, cell?.manualScore ?? null, input.detail?.manualNote ?? null);
      this.draftSource = { cellId, detail: input.detail };
      if (!sameCell) this.dirty = false;
      this.formError = null;
    }
    this.requestUpdate();
  }

  private edit(change: Partial<ManualGradeDraft>): void {
    this.draft = { ...this.draft, ...change };
    this.dirty = true;
    this.formError = null;
    this.requestUpdate();
  }

  private save(cellId: string): void {
    const parsed = parseDraft(this.draft);
    if ('error' in parsed) {
      this.formError = parsed.error;
      this.requestUpdate();
      return;
    }
    this.dirty = false;
    this.dispatchEvent(saveGradeEvent({ cellId, grade: parsed.grade }));
  }

  private clear(cellId: string): void {
    this.dirty = false;
    this.draft = draftFrom(null, null, null);
    this.dispatchEvent(clearGradeEvent({ cellId }));
  }

  private close(): void {
    this.dispatchEvent(closePanelEvent());
  }

  private manualGradeForm(cell: CellView): TemplateResult {
    const hasManual = cell.manualPass !== null || cell.manualScore !== null || cell.hasManualNote;
    const verdicts: ReadonlyArray<[Verdict, string]> = [
      ['pass', 'Pass'],
      ['fail', 'Fail'],
      ['none', 'No verdict'],
    ];
    return html`<div class="manual-form" data-testid="manual-form">
      <vscode-radio-group aria-label="Manual verdict" @change=${(e: Event) => this.edit({ verdict: valueOf(e) as Verdict })}>
        ${verdicts.map(
          ([value, label]) =>
            html`<vscode-radio name="verdict" value=${value} data-testid="verdict-${value}" .checked=${this.draft.verdict === value}>${label}</vscode-radio>`,
        )}
      </vscode-radio-group>
      <label class="field">
        <span>Score (0–1, optional)</span>
        <vscode-textfield data-testid="manual-score" inputmode="decimal" placeholder="e.g. 0.8" .value=${this.draft.score} @input=${(e: Event) => this.edit({ score: valueOf(e) })}></vscode-textfield>
      </label>
      <label class="field">
        <span>Note</span>
        <vscode-textarea data-testid="manual-note" rows="3" resize="vertical" .value=${this.draft.note} @input=${(e: Event) => this.edit({ note: valueOf(e) })}></vscode-textarea>
      </label>
      ${this.formError ? html`<div class="form-error" role="alert">${this.formError}</div>` : nothing}
      <div class="form-buttons">
        <vscode-button data-testid="save-grade" @click=${() => this.save(cell.id)}>Save</vscode-button>
        <vscode-button secondary data-testid="clear-grade" ?disabled=${!hasManual} @click=${() => this.clear(cell.id)}>Clear</vscode-button>
        ${this.dirty ? html`<span class="muted">unsaved</span>` : nothing}
      </div>
    </div>`;
  }

  private detailSections(detail: CellDetailView): TemplateResult {
    const cell = detail.cell;
    const totalCost = detail.modelCostUsd === null || detail.gradingCostUsd === null ? null : detail.modelCostUsd + detail.gradingCostUsd;
    // The model answered (it used tokens): a missing cost is then an unknown price, not nothing spent.
    const answered = cell.status === 'completed' && cell.tokensIn !== null;
    const timings = Object.entries(detail.providerTiming).map(([key, ms]): [string, string] => [key, formatLatency(ms)]);
    return html`
      ${section(
        cell.status === 'failed' ? 'Error' : 'Output',
        html`<pre class="text-block output-full ${cell.status === 'failed' ? 'cell-error' : ''}" data-testid="detail-output">${cell.status === 'failed' ? cell.error ?? '' : detail.output ?? ''}</pre>`,
        'section-output',
      )}
      ${detail.samples
        ? section(`Samples (${detail.samples.length})`, html`${detail.samples.map(sampleRow)}`, 'section-samples')
        : nothing}
      ${section(
        'Grades',
        html`<div class="grade-summary">${gradeBadges(cell)}</div>
          ${detail.grades.length === 0 ? html`<div class="muted">No grader ran on this cell.</div>` : detail.grades.map(graderRow)}`,
        'section-grades',
      )}
      ${section('Manual grade', this.manualGradeForm(cell), 'section-manual')}
      ${section(
        'Usage',
        keyValues([
          ['Latency', formatLatency(cell.latencyMs)],
          ['Tokens in', formatCount(cell.tokensIn)],
          ['Tokens out', formatCount(cell.tokensOut)],
          ['Tokens cached', formatCount(cell.tokensCached)],
          ['Model cost', modelCost(detail, answered)],
          ['Grading cost', formatCallCost(detail.gradingCostUsd, true)],
          ['Total cost', formatCallCost(totalCost, answered || detail.gradingCostUsd === null)],
          ['Attempts', String(detail.attempts)],
          ...timings,
        ]),
        'section-usage',
      )}
      ${section(
        detail.request ? `Messages sent (${detail.request.messages.length})` : 'Messages sent',
        requestSection(detail.request),
        'section-messages',
      )}
      ${section('Row values', keyValues(Object.entries(detail.rowValues)), 'section-row')}
    `;
  }

  protected override render(): TemplateResult | typeof nothing {
    const input = this.input;
    if (!input) return nothing;
    const { cell, detail } = input;
    return html`<aside class="grade-panel" aria-label="Cell detail" data-testid="grade-panel">
      <header class="panel-header">
        <div class="panel-title">
          <span class="model-label" title=${input.modelLabel}>${input.modelLabel}</span>
          <span class="muted">row ${input.rowIndex}</span>
        </div>
        <vscode-icon name="close" action-icon label="Close detail (Esc)" data-testid="close-panel" @click=${() => this.close()}></vscode-icon>
      </header>
      <div class="panel-body">
        ${!cell
          ? html`<div class="muted panel-note" data-testid="not-run-note">${input.empty === 'not-run'
              ? 'Not run: the run ended before this cell (cancelled, failed, or its model stopped). Re-run failed offers to run it.'
              : input.empty === 'at-provider'
                ? "This cell is in a batch at the provider: its result comes when the provider has done the batch (the status bar shows how far)."
                : 'This cell has not run yet.'}</div>`
          : detail && detail.cell.id === cell.id
            ? this.detailSections({ ...detail, cell })
            : html`<div class="muted panel-note"><span class="codicon codicon-loading codicon-modifier-spin"></span> Loading…</div>`}
      </div>
    </aside>`;
  }
}

customElements.define('refinery-grade-panel', GradePanel);

declare global {
  interface HTMLElementTagNameMap {
    'refinery-grade-panel': GradePanel;
  }
}
