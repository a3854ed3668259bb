# ruff: noqa
# source: https://github.com/psh01087/Vid-ODE/issues/6
# cause: both losses are computed from one forward pass, then optimizer_netD.step() updates the discriminator in place before loss_netG.backward(), which still needs its old weights; train G first, then D.
# class: 2
# mistake: line 38, variable optimizer_netD
# fix: delete line 36
# fix: delete line 37
# fix: delete line 38
# fix: insert after line 43: optimizer_netD.zero_grad()\nloss_netD.backward()\noptimizer_netD.step()
# error: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# expect: runs clean
# cause-words: optimizer_netd|step(), netd|discriminator|weights|parameters
# fix-words: order|before|after|first|move|swap

import torch
import torch.nn as nn

netG = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 20))
netD = nn.Sequential(nn.Linear(20, 32), nn.LeakyReLU(0.2), nn.Linear(32, 1))
optimizer_netG = torch.optim.Adam(netG.parameters(), lr=1e-3)
optimizer_netD = torch.optim.Adam(netD.parameters(), lr=1e-3)
adv = nn.BCEWithLogitsLoss()


def train(steps):
    for it in range(steps):
        real = torch.randn(8, 20)
        fake = netG(torch.randn(8, 10))
        pred_real, pred_fake = netD(real), netD(fake.detach())
        loss_netD = adv(pred_real, torch.ones_like(pred_real)) + \
            adv(pred_fake, torch.zeros_like(pred_fake))
        pred_gen = netD(fake)
        loss_netG = adv(pred_gen, torch.ones_like(pred_gen)) + (fake - real).abs().mean()

        # Train D
        optimizer_netD.zero_grad()
        loss_netD.backward()
        optimizer_netD.step()

        # Train G
        optimizer_netG.zero_grad()
        loss_netG.backward()
        optimizer_netG.step()


train(2)
