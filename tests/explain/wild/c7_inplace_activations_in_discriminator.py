# ruff: noqa
# source: https://github.com/dreamgonfly/GAN-tutorial/issues/1
# cause: the discriminator's LeakyReLU and Dropout use inplace=True, so Dropout overwrites the LeakyReLU output that backward needs; remove inplace=True from them.
# class: 7
# mistake: line 17, variable D
# fix: replace line 17 with: nn.LeakyReLU(0.2), nn.Dropout(0.3),
# error: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# expect: runs clean
# cause-words: leakyrelu|dropout, inplace|in-place|in place
# fix-words: inplace

import torch
import torch.nn as nn

D = nn.Sequential(
    nn.Linear(784, 64),
    nn.LeakyReLU(0.2, inplace=True), nn.Dropout(0.3, inplace=True),
    nn.Linear(64, 1), nn.Sigmoid())
G = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 784), nn.Tanh())
criterion = nn.BCELoss()
D_optimizer = torch.optim.Adam(D.parameters(), lr=2e-4)

images = torch.rand(8, 784)
z = torch.randn(8, 16)
fake_images = G(z)
D_loss = criterion(D(images), torch.ones(8, 1)) + criterion(D(fake_images.detach()), torch.zeros(8, 1))
D.zero_grad()
D_loss.backward()
D_optimizer.step()
