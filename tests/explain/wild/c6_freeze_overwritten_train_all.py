# ruff: noqa
# source: https://github.com/ultralytics/yolov5/issues/1213
# cause: the layers frozen with requires_grad=False are unfrozen again a few lines later by the loop that sets requires_grad=True on every parameter, so nothing stays frozen.
# class: 6
# mistake: line 36, variable v
# fix: delete line 35
# fix: delete line 36
# error: none
# expect: runs clean; torch.equal(w0, model.model[0].weight)
# cause-words: requires_grad = true|requires_grad=true, freeze|frozen
# fix-words: delete|remove

import torch
import torch.nn as nn

model = nn.Module()
model.model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 2, 1))

# Freeze
freeze = ['model.0.']
for k, v in model.named_parameters():
    if any(x in k for x in freeze):
        print('freezing %s' % k)
        v.requires_grad = False

pg0, pg1 = [], []
for k, v in model.named_parameters():
    if '.bias' in k:
        pg1.append(v)
    else:
        pg0.append(v)
optimizer = torch.optim.SGD(pg0, lr=0.1, momentum=0.9)
optimizer.add_param_group({'params': pg1})

for k, v in model.named_parameters():
    v.requires_grad = True

w0 = model.model[0].weight.detach().clone()
for _ in range(2):
    out = model.model(torch.randn(2, 3, 8, 8))
    loss = out.pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
