// Number formatting for tiles and labels.

export function num(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '–';
  }
  return Number(value).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function ms(value) {
  return (value === null || value === undefined) ? '–' : `${num(value, value < 10 ? 1 : 0)} ms`;
}

export function pct(value, digits = 1) {
  return (value === null || value === undefined) ? '–' : `${num(100 * value, digits)} %`;
}

export function hour(h) {
  return `${String(h).padStart(2, '0')}:00`;
}

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') {
      element.textContent = value;
    } else if (name === 'style') {
      element.style.cssText = value;
    } else {
      element.setAttribute(name, value);
    }
  }
  for (const child of children) {
    element.append(child);
  }
  return element;
}
