# ruff: noqa
# source: https://github.com/pytorch/pytorch/issues/39141
# cause: opt_D.step() changes D's weights in place between the forward pass that computed prob_artist1 and G_loss.backward(), which needs the old weights; recompute the discriminator's output after the D step.
# class: 2
# mistake: line 47, variable opt_D
# fix: insert after line 47: G_loss = torch.mean(torch.log(1. - D(G_paintings)))
# error: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# expect: runs clean
# cause-words: opt_d|step(), d|discriminator|weights|parameters
# fix-words: d(g_paintings)|recompute|again|after

import numpy as np
import torch
import torch.nn as nn

BATCH_SIZE = 64
LR_G = 0.0001
LR_D = 0.0001
N_IDEAS = 5
ART_COMPONENTS = 15
PAINT_POINTS = np.vstack([np.linspace(-1, 1, ART_COMPONENTS) for _ in range(BATCH_SIZE)])


def artist_works():
    r = 0.02 * np.random.randn(1, ART_COMPONENTS)
    paintings = np.sin(PAINT_POINTS * np.pi) + r
    paintings = torch.from_numpy(paintings).float()
    return paintings


G = nn.Sequential(nn.Linear(N_IDEAS, 128), nn.ReLU(), nn.Linear(128, ART_COMPONENTS))
D = nn.Sequential(nn.Linear(ART_COMPONENTS, 128), nn.ReLU(), nn.Linear(128, 1), nn.Sigmoid())
opt_D = torch.optim.Adam(D.parameters(), lr=LR_D)
opt_G = torch.optim.Adam(G.parameters(), lr=LR_G)

for step in range(3):
    artist_paintings = artist_works()
    G_ideas = torch.randn(BATCH_SIZE, N_IDEAS, requires_grad=True)
    G_paintings = G(G_ideas)
    prob_artist0 = D(artist_paintings)
    prob_artist1 = D(G_paintings)
    D_loss = - torch.mean(torch.log(prob_artist0) + torch.log(1. - prob_artist1))
    G_loss = torch.mean(torch.log(1. - prob_artist1))

    opt_D.zero_grad()
    D_loss.backward(retain_graph=True)
    opt_D.step()

    opt_G.zero_grad()
    G_loss.backward()
    opt_G.step()
