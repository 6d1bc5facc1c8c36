// An audible cue for critical alerts; people can mute it (remembered in this browser).
window.coordination = {
    muted: () => localStorage.getItem("coordination.muted") === "true",
    setMuted: (muted) => localStorage.setItem("coordination.muted", muted ? "true" : "false"),
    alertSound: () => {
        if (window.coordination.muted()) {
            return;
        }
        const audio = new AudioContext();
        [0, 0.35].forEach(offset => {
            const tone = audio.createOscillator();
            const gain = audio.createGain();
            tone.frequency.value = 880;
            gain.gain.setValueAtTime(0.2, audio.currentTime + offset);
            gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + offset + 0.3);
            tone.connect(gain).connect(audio.destination);
            tone.start(audio.currentTime + offset);
            tone.stop(audio.currentTime + offset + 0.3);
        });
    },
};
