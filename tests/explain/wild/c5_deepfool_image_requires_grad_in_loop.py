# ruff: noqa
# source: https://github.com/Harry24k/adversarial-attacks-pytorch/issues/2
# cause: after the first iteration image is the result of `image + r` (a non-leaf), so `image.requires_grad = True` fails; the maintainer's fix detaches the updated image so it is a fresh leaf.
# class: 5
# mistake: line 21, variable image
# fix: replace line 30 with: image = (image + r).detach()
# error: RuntimeError: you can only change requires_grad flags of leaf variables
# expect: runs clean; image.is_leaf
# cause-words: image, leaf|image + r
# fix-words: detach

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(10, 3))
image = torch.randn(1, 10)
label = 0
steps = 3
for i in range(steps):
    image.requires_grad = True
    output = model(image)[0]
    _, pre = torch.max(output, 0)
    f_0 = output[label]
    grad_f_0 = torch.autograd.grad(f_0, image, retain_graph=True)[0]
    k = 1 if label != 1 else 2
    w_k = torch.autograd.grad(output[k], image, retain_graph=True)[0] - grad_f_0
    f_k = output[k] - f_0
    r = (torch.abs(f_k) + 1e-4) * w_k / (torch.norm(w_k) ** 2)
    image = image + r
output = model(image)[0]
output.sum().backward()
