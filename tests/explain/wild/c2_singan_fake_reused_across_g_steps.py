# ruff: noqa
# source: https://github.com/tamarott/SinGAN/issues/148
# cause: the generator loop reuses the same fake image for every step; after the first optimizerG.step() changes netG's weights in place, the next errG.backward() needs the old weights, so fake must be regenerated inside the loop.
# class: 2
# mistake: line 40, variable optimizerG
# fix: insert after line 35: fake = netG(noise)
# error: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# expect: runs clean
# cause-words: optimizerg|step(), fake|netg|weights|parameters
# fix-words: fake, netg(noise)|recompute|regenerate|again

import torch
import torch.nn as nn

netG = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.LeakyReLU(0.2), nn.Conv2d(8, 3, 3, padding=1))
netD = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.LeakyReLU(0.2), nn.Conv2d(8, 1, 3, padding=1))
optimizerD = torch.optim.Adam(netD.parameters(), lr=5e-4)
optimizerG = torch.optim.Adam(netG.parameters(), lr=5e-4)
real = torch.rand(1, 3, 12, 12)
Dsteps, Gsteps = 3, 3

for epoch in range(2):
    for j in range(Dsteps):
        netD.zero_grad()
        output = netD(real)
        errD_real = -output.mean()
        errD_real.backward(retain_graph=True)
        noise = torch.randn(1, 3, 12, 12)
        fake = netG(noise)
        output = netD(fake.detach())
        errD_fake = output.mean()
        errD_fake.backward(retain_graph=True)
        optimizerD.step()

    for j in range(Gsteps):
        netG.zero_grad()
        output = netD(fake)
        errG = -output.mean()
        errG.backward(retain_graph=True)
        optimizerG.step()
