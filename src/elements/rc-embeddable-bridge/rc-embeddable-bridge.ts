import { RcEmbeddableBridge } from './rc-embeddable-bridge.component.js';

RcEmbeddableBridge.define('rc-embeddable-bridge');

declare global {
  interface HTMLElementTagNameMap {
    'rc-embeddable-bridge': RcEmbeddableBridge;
  }
}
