/**
 * Sets inline styles through the CSSOM (`element.style`), which the webview's CSP allows —
 * unlike a `style` attribute, which `style-src` without 'unsafe-inline' blocks (and lit's
 * styleMap writes the attribute on first render).
 */
import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

class SetStyleDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('setStyle is an element directive: <div ${setStyle({...})}>');
  }

  render(_properties: Readonly<Record<string, string>>): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [Readonly<Record<string, string>>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(properties)) {
      if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
    }
    return noChange;
  }
}

export const setStyle = directive(SetStyleDirective);
