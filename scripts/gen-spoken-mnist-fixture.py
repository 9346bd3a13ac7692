"""Generates test/fixtures/datasets/logmel.json: the SpokenMNIST log-mel features (as the
periphery spec describes them) computed with numpy for a synthetic 8 kHz signal, to check
src/datasets/audio.ts's logMelFeatures. Run: /usr/bin/python3 scripts/gen-spoken-mnist-fixture.py
"""
import json
import numpy as np

sr = 8000
n = 1234
t = np.arange(n)
# Integer samples like a 16-bit WAV; the test reproduces this formula.
sig = np.round(8000 * np.sin(2 * np.pi * 440 * t / sr) + 3000 * np.sin(2 * np.pi * 1800 * t / sr) * (t % 300 < 150)).astype(np.float64)
sig[:40] = 0

emph = np.append(sig[0], sig[1:] - 0.97 * sig[:-1])
frame_len = int(round(0.025 * sr))
step = int(round(0.01 * sr))
num_frames = int(np.ceil(float(np.abs(n - frame_len)) / step))
pad_len = num_frames * step + frame_len
padded = np.append(emph, np.zeros(pad_len - n))
idx = np.tile(np.arange(0, frame_len), (num_frames, 1)) + np.tile(np.arange(0, num_frames * step, step), (frame_len, 1)).T
frames = padded[idx.astype(np.int32, copy=False)] * np.hamming(frame_len)
NFFT = 512
mag = np.absolute(np.fft.rfft(frames, NFFT))
pw = (1.0 / NFFT) * (mag ** 2)
nfilt = 40
high_mel = 2595 * np.log10(1 + (sr / 2) / 700)
mel_points = np.linspace(0, high_mel, nfilt + 2)
hz_points = 700 * (10 ** (mel_points / 2595) - 1)
bins = np.floor((NFFT + 1) * hz_points / sr)
fbank = np.zeros((nfilt, int(np.floor(NFFT / 2 + 1))))
for m in range(1, nfilt + 1):
    l, c, r = int(bins[m - 1]), int(bins[m]), int(bins[m + 1])
    for k in range(l, c):
        fbank[m - 1, k] = (k - bins[m - 1]) / (bins[m] - bins[m - 1])
    for k in range(c, r):
        fbank[m - 1, k] = (bins[m + 1] - k) / (bins[m + 1] - bins[m])
fb = np.dot(pw, fbank.T)
fb = np.where(fb == 0, np.finfo(float).eps, fb)
fb = 20 * np.log10(fb)
with open("test/fixtures/datasets/logmel.json", "w") as f:
    json.dump({"sr": sr, "n": n, "frames": num_frames, "nfilt": nfilt, "features": fb.flatten().tolist()}, f)
print(fb.shape)
