// Signals of new work for the agent console: a chime and a system notification (the title counter
// is the header's).
const SOUND_KEY = 'qpal.console.sound';
let audio = null;

export const soundOn = () => localStorage.getItem(SOUND_KEY) !== 'off';
export function setSound(on) {
  localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  if (on) unlockAudio();
}
// Browsers start audio only after a user gesture: the sign-in click or the sound toggle.
export function unlockAudio() {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    if (!audio) audio = new Ctx();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    audio = null;
  }
}
export function chime() {
  if (!soundOn()) return;
  unlockAudio();
  if (!audio) return;
  try {
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.12, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.17);
    }
  } catch {
    // no sound device: the title and the notification still tell
  }
}

const notifySupported = () => typeof window.Notification === 'function';
export const notifyState = () => (notifySupported() ? Notification.permission : 'unsupported');
export async function askPermission() {
  if (!notifySupported()) return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}
/** A system notification when allowed; clicking it brings the console forward on that case. */
export function notify(title, body, tag, onClick) {
  if (notifyState() !== 'granted') return null;
  try {
    const n = new Notification(title, { body, tag, renotify: true });
    n.onclick = () => {
      window.focus();
      if (onClick) onClick();
      n.close();
    };
    return n;
  } catch {
    return null;
  }
}

