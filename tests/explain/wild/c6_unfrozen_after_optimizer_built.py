# ruff: noqa
# source: https://theneuralbase.com/pytorch/learn/intermediate/freezing-base-model-weights/
# cause: the optimizer was built with only the parameters that required grad at that time; unfreezing layer4 later gives it gradients, but the optimizer never updates it until the optimizer is recreated or given the new parameters.
# class: 6
# mistake: line 22, variable optimizer
# fix: insert before line 38: optimizer.add_param_group({'params': model.layer4.parameters(), 'lr': 1e-3})
# error: none
# expect: runs clean; not torch.equal(l0, model.layer4.weight)
# cause-words: optimizer, layer4
# fix-words: add_param_group|recreate|rebuild|new optimizer

import torch
import torch.nn as nn

model = nn.Module()
model.layer3 = nn.Linear(8, 8)
model.layer4 = nn.Linear(8, 8)
model.fc = nn.Linear(8, 10)
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(8, 10)
optimizer = torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=0.001)


def train_epoch():
    x = torch.randn(16, 8)
    out = model.fc(torch.relu(model.layer4(torch.relu(model.layer3(x)))))
    loss = nn.functional.cross_entropy(out, torch.randint(0, 10, (16,)))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


train_epoch()
# progressive unfreezing: now train layer4 too
for param in model.layer4.parameters():
    param.requires_grad = True
l0 = model.layer4.weight.detach().clone()
for _ in range(2):
    train_epoch()
