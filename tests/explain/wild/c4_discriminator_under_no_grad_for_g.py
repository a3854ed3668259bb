# ruff: noqa
# source: https://github.com/clovaai/stargan-v2/issues/16
# cause: the maintainers answer that the discriminator is already kept fixed by zeroing gradients and using a separate optimizer for each net; the proposed `with torch.no_grad():` around the discriminator call would also cut the path from loss_adv back to the generator.
# class: 4
# mistake: line 28, variable out
# fix: replace line 28 with: if True:
# error: RuntimeError: element 0 of tensors does not require grad
# expect: runs clean; generator[0].weight.grad is not None
# cause-words: no_grad, out|loss_adv
# fix-words: no_grad|remove|without|outside

import torch
import torch.nn as nn
import torch.nn.functional as F

generator = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 6))
discriminator = nn.Sequential(nn.Linear(6, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
g_optim = torch.optim.Adam(generator.parameters(), lr=1e-4)


def adv_loss(logits, target):
    targets = torch.full_like(logits, fill_value=target)
    return F.binary_cross_entropy_with_logits(logits, targets)


x_real = torch.randn(4, 6)
x_fake = generator(x_real)
with torch.no_grad():
    out = discriminator(x_fake)
loss_adv = adv_loss(out, 1)
g_optim.zero_grad()
loss_adv.backward()
g_optim.step()
