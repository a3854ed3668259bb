# ruff: noqa
# source: https://whosebug.com/question/5232549/How-does-PyTorch-s-loss-backward-work-when-retain-graph-True-is-specified
# cause: loss_d reaches the generator through the un-detached fake samples, so loss_d.backward() walks back through the generator graph loss_g.backward() already freed; retain_graph=True only hides this, the fix is to detach the fake samples in the discriminator loss.
# class: 1
# mistake: line 28, variable fake
# fix: replace line 28 with: loss_d = bce(D(real), ones) + bce(D(fake.detach()), zeros)
# error: RuntimeError: Trying to backward through the graph a second time
# expect: runs clean
# cause-words: fake, generator|g(|loss_g
# fix-words: detach

import torch
import torch.nn as nn

G = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 4))
D = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())
optim_g = torch.optim.Adam(G.parameters(), lr=1e-3)
optim_d = torch.optim.Adam(D.parameters(), lr=1e-3)
bce = nn.BCELoss()

for step in range(3):
    real = torch.randn(16, 4)
    z = torch.randn(16, 8)
    ones, zeros = torch.ones(16, 1), torch.zeros(16, 1)
    fake = G(z)
    # computing loss_g and loss_d...
    loss_g = bce(D(fake), ones)
    loss_d = bce(D(real), ones) + bce(D(fake), zeros)

    optim_g.zero_grad()
    loss_g.backward()
    optim_g.step()

    optim_d.zero_grad()
    loss_d.backward()
    optim_d.step()
